package dev.mkddi.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one listener of the tests: records every warning and, per step name, the total announced and
 * the progress reported. Thread-safe (parallel hashing reports from several threads).
 */
public final class RecordingListener implements ProgressListener {
  private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Long> totals = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, AtomicLong> done = Collections.synchronizedMap(new LinkedHashMap<>());

  @Override
  public void warn(String message) {
    warnings.add(message);
  }

  @Override
  public Step begin(String name, long total) {
    totals.put(name, total);
    AtomicLong d = done.computeIfAbsent(name, n -> new AtomicLong());
    return d::addAndGet;
  }

  /**
   * @return the warnings so far, in order
   */
  public List<String> warnings() {
    synchronized (warnings) {
      return List.copyOf(warnings);
    }
  }

  /**
   * @return the total each step announced, by step name, in order
   */
  public Map<String, Long> totals() {
    synchronized (totals) {
      return Map.copyOf(totals);
    }
  }

  /**
   * @return the sum of the progress each step reported, by step name
   */
  public Map<String, Long> done() {
    synchronized (done) {
      Map<String, Long> out = new LinkedHashMap<>();
      done.forEach((k, v) -> out.put(k, v.get()));
      return out;
    }
  }
}
