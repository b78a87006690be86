package io.github.camelrealtime.fastrouter.benchmarks;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks ({@link AudioConversionBenchmark}, {@link CodecBenchmark}) in one forked JVM each, briefly
 * (3 × 1 s warm-up, 3 × 1 s measurement), with JMH's own report written to a log file, and turns the results into
 * JSON lines: conversion as real-time factors, codec as component ÷ naive ratios.
 */
final class JmhSuite {

    /** What the summary needs. */
    record Figures(double wavToPcm16RealtimeFactor, double pcm16ToUlawRealtimeFactor, double codecEncodeRatio,
                   double codecDecodeRatio) {
    }

    private final JsonOutput out;
    private final Path log;
    private final boolean quick;

    JmhSuite(JsonOutput out, Path log, boolean quick) {
        this.out = out;
        this.log = log;
        this.quick = quick;
    }

    Figures run() throws RunnerException {
        int iterations = quick ? 1 : 3;
        Options options = new OptionsBuilder()
                .include(AudioConversionBenchmark.class.getName() + "\\.")
                .include(CodecBenchmark.class.getName() + "\\.")
                .forks(1)
                .threads(1)
                .warmupIterations(iterations)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgs("-Xms512m", "-Xmx512m")
                .shouldFailOnError(true)
                .output(log.toString())
                .build();
        JsonOutput.progress("JMH: conversion and codec benchmarks (report: " + log + ")");
        Collection<RunResult> results = new Runner(options).run();
        Map<String, RunResult> byName = new LinkedHashMap<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            byName.put(benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1), result);
        }
        double wav = conversion("AudioConversionBenchmark.wavToPcm16", byName);
        double ulaw = conversion("AudioConversionBenchmark.pcm16ToUlaw", byName);
        double encode = codec("encodeAppend", byName);
        double decode = codec("decodeDelta", byName);
        return new Figures(wav, ulaw, encode, decode);
    }

    /** Prints the line of a conversion benchmark; returns its audio seconds per CPU second. */
    private double conversion(String name, Map<String, RunResult> results) {
        RunResult result = require(name, results);
        Result<?> primary = result.getPrimaryResult();
        Result<?> audioMillis = result.getSecondaryResults().get("audioMillis");
        Result<?> cpuNanos = result.getSecondaryResults().get("cpuNanos");
        double perCpuSecond = audioMillis.getScore() / 1e3 / (cpuNanos.getScore() / 1e9);
        double perWallSecond = primary.getScore() * AudioConversionBenchmark.AUDIO_MILLIS / 1e3;
        ObjectNode line = out.object();
        line.put("benchmark", name);
        line.put("opsPerSecond", JsonOutput.round(primary.getScore(), 4));
        putError(line, primary);
        line.put("audioSecondsPerOp", AudioConversionBenchmark.AUDIO_MILLIS / 1e3);
        line.put("realtimeFactorPerCpuSecond", JsonOutput.round(perCpuSecond, 4));
        line.put("realtimeFactorPerWallSecond", JsonOutput.round(perWallSecond, 4));
        out.line(line);
        return perCpuSecond;
    }

    /** Prints the lines of a component/naive pair; returns component ÷ naive. */
    private double codec(String operation, Map<String, RunResult> results) {
        double component = codecLine("CodecBenchmark." + operation + "Component", results);
        double naive = codecLine("CodecBenchmark." + operation + "Naive", results);
        ObjectNode line = out.object();
        line.put("benchmark", "CodecBenchmark." + operation);
        line.put("component", JsonOutput.round(component, 4));
        line.put("naive", JsonOutput.round(naive, 4));
        line.put("ratio", JsonOutput.round(component / naive, 3));
        out.line(line);
        return component / naive;
    }

    private double codecLine(String name, Map<String, RunResult> results) {
        Result<?> primary = require(name, results).getPrimaryResult();
        ObjectNode line = out.object();
        line.put("benchmark", name);
        line.put("opsPerSecond", JsonOutput.round(primary.getScore(), 4));
        putError(line, primary);
        out.line(line);
        return primary.getScore();
    }

    /** JMH's 99.9 % confidence half-width; absent when it cannot tell (a single iteration). */
    private static void putError(ObjectNode line, Result<?> result) {
        double error = result.getScoreError();
        if (Double.isFinite(error)) {
            line.put("opsPerSecondError", JsonOutput.round(error, 2));
        }
    }

    private static RunResult require(String name, Map<String, RunResult> results) {
        RunResult result = results.get(name);
        if (result == null) {
            throw new IllegalStateException("JMH produced no result for " + name + "; got " + results.keySet());
        }
        return result;
    }
}
