/** Health checks and metric gauges, fed through typed query ports. */
package dev.hark.bootstrap.health;
