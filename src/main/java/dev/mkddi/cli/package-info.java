/**
 * The command-line front end (picocli only): parses options, calls the library, renders progress
 * and warnings, and maps exceptions to exit codes ({@link dev.mkddi.io.ExitCode}). The only package
 * that reads environment variables, system properties or the clock.
 */
@NullMarked
package dev.mkddi.cli;

import org.jspecify.annotations.NullMarked;
