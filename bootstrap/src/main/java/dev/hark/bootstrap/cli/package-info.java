/**
 * Command-line subcommands beyond Dropwizard's {@code server} and {@code check}: clients and
 * tools run as {@code ./hark NAME ...}, sharing the one runnable jar.
 */
package dev.hark.bootstrap.cli;
