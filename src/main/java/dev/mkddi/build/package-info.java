/**
 * Cross-format logic: building a Discoverable Disk Image from a description (the orchestrator and
 * its steps) and looking inside one ({@link dev.mkddi.build.ImageInspector}, with one {@link
 * dev.mkddi.build.PartitionInspector} per format that can describe partition content). Uses the
 * format packages and {@code dev.mkddi.io}; never the CLI.
 */
package dev.mkddi.build;
