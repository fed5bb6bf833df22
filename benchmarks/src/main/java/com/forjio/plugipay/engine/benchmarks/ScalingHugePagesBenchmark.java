package com.forjio.plugipay.engine.benchmarks;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link ScalingBenchmark} in a JVM whose heap is backed by transparent huge pages
 * ({@code -XX:+UseTransparentHugePages}, which asks the kernel for 2 MB pages where it runs in
 * {@code madvise} mode, the default here): the setting a deployment holding 10^6 sessions in its
 * heap would use. With 4 KB pages, a read that follows a session's few objects across a gigabyte
 * of heap pays a page-table walk for nearly every one; with 2 MB pages the translations of the
 * whole heap stay cached. The engine and its bare-map baseline run in the same configuration.
 */
@Fork(value = 1, jvmArgsAppend = {"-XX:+AlwaysPreTouch", "-Xms6g", "-Xmx6g", "-XX:+UseTransparentHugePages"})
public class ScalingHugePagesBenchmark extends ScalingBenchmark {}
