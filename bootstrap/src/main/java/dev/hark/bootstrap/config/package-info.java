/** YAML configuration: one factory per section, each turning YAML into ready settings with {@code build()}. */
package dev.hark.bootstrap.config;
