package dev.mkddi.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A view of a {@link FileChannel} that tells a {@link WriteObserver} what is written through it:
 * the bytes of every positional or relative write, and the ranges other writes change. Reads, locks
 * and forcing go straight to the channel. Closing the view leaves the channel open (whoever opened
 * it closes it), and a failure names the channel, so {@link ChannelIOException#isOn} recognizes it.
 * As thread-safe as the channel and the observer.
 */
public final class ObservedChannel extends FileChannel {
  private final FileChannel channel;
  private final WriteObserver observer;

  /**
   * @param channel the channel written through this view
   * @param observer sees the writes
   */
  public ObservedChannel(FileChannel channel, WriteObserver observer) {
    this.channel = channel;
    this.observer = observer;
  }

  /**
   * @return the underlying channel
   */
  FileChannel channel() {
    return channel;
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    int start = src.position();
    int n = channel.write(src, position);
    observe(position, src, start, n);
    return n;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    int start = src.position();
    int n = channel.write(src);
    // where the bytes went, also for a channel opened to append
    observe(channel.position() - n, src, start, n);
    return n;
  }

  private void observe(long position, ByteBuffer src, int start, int n) {
    if (n > 0) {
      observer.written(position, src.duplicate().limit(start + n).position(start));
    }
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    long n = channel.write(srcs, offset, length);
    if (n > 0) {
      observer.changed(channel.position() - n, n);
    }
    return n;
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    long n = channel.transferFrom(src, position, count);
    if (n > 0) {
      observer.changed(position, n);
    }
    return n;
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    observer.changed(size, Long.MAX_VALUE - size);
    channel.truncate(size);
    return this;
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    if (mode != MapMode.READ_ONLY) {
      observer.changed(position, size);
    }
    return channel.map(mode, position, size);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return channel.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return channel.read(dsts, offset, length);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return channel.read(dst, position);
  }

  @Override
  public long position() throws IOException {
    return channel.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    channel.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return channel.size();
  }

  @Override
  public void force(boolean metaData) throws IOException {
    channel.force(metaData);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return channel.transferTo(position, count, target);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return channel.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return channel.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() {
    // the view only: the channel stays open for its owner
  }
}
