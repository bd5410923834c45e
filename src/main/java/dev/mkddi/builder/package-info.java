/**
 * The write side: building a Discoverable Disk Image from a description. {@link
 * dev.mkddi.builder.ImageBuilder} is the only orchestrator; it runs one step per stage over a
 * {@link dev.mkddi.builder.BuildContext}. Uses {@code description}, the format packages and {@code
 * dev.mkddi.io}; never the CLI, never the read side ({@code dev.mkddi.inspect}).
 */
@NullMarked
package dev.mkddi.builder;

import org.jspecify.annotations.NullMarked;
