package io.terrarium.sink.prometheus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Two independent parsers of the text format judge every body: Prometheus' own ({@code promtool check metrics},
 * Debian package {@code prometheus}), which also lints it, and the Python client's
 * ({@code prometheus_client.parser}, Debian package {@code python3-prometheus-client}), whose parsed samples the
 * tests compare with what they expect.
 */
final class Judges {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final String PARSER = String.join("\n",
            "import json, sys",
            "try:",
            "    from prometheus_client.parser import text_string_to_metric_families",
            "except ImportError as e:",
            "    sys.stdout.write('MISSING prometheus_client: %s' % e)",
            "    sys.exit(3)",
            "text = sys.stdin.buffer.read().decode('utf-8')",
            "out = []",
            "for f in text_string_to_metric_families(text):",
            "    out.append({'name': f.name, 'type': f.type, 'help': f.documentation, 'samples': [",
            "        {'name': s.name, 'labels': s.labels, 'value': repr(float(s.value))} for s in f.samples]})",
            "sys.stdout.write(json.dumps(out))");

    private Judges() {
    }

    /** What both parsers made of a body. */
    record Scrape(String body, List<String> lint, List<Family> families) {

        List<Sample> samples(String metric) {
            List<Sample> found = new ArrayList<>();
            families.forEach(family -> family.samples().stream().filter(s -> s.name().equals(metric))
                    .forEach(found::add));
            return found;
        }

        List<Sample> all() {
            List<Sample> found = new ArrayList<>();
            families.forEach(family -> found.addAll(family.samples()));
            return found;
        }

        /** The value of the sample with exactly these labels; fails, showing the body, when there is none. */
        double value(String metric, Map<String, String> labels) {
            for (Sample sample : samples(metric)) {
                if (sample.labels().equals(labels)) {
                    return sample.value();
                }
            }
            return fail("no sample " + metric + labels + " in:\n" + body);
        }

        Family familyOf(String metric) {
            for (Family family : families) {
                if (family.samples().stream().anyMatch(s -> s.name().equals(metric))) {
                    return family;
                }
            }
            return fail("no family holds " + metric + " in:\n" + body);
        }
    }

    record Family(String name, String type, String help, List<Sample> samples) {
    }

    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** Both parsers must accept the body; the Python one must find each metric family in one piece. */
    static Scrape judge(String body) {
        List<String> lint = promtool(body);
        List<Family> families = python(body);
        Set<String> seen = new HashSet<>();
        for (Family family : families) {
            // a family the parser meets twice was written in two places: the format forbids it
            assertTrue(seen.add(family.name() + " " + family.type()), "family " + family.name()
                    + " is not contiguous in:\n" + body);
        }
        return new Scrape(body, lint, families);
    }

    /** Like {@link #judge} and promtool's linter has nothing to say either. */
    static Scrape judgeClean(String body) {
        Scrape scrape = judge(body);
        assertEquals(List.of(), scrape.lint(), () -> "promtool lint problems in:\n" + body);
        return scrape;
    }

    /** Fails on a parse error; returns promtool's lint problems (exit status 3), one per line. */
    static List<String> promtool(String body) {
        if (!Files.isExecutable(PROMTOOL)) {
            fail(PROMTOOL + " is missing: install Debian's package 'prometheus' (apt-get install -y prometheus)");
        }
        Run run = run(List.of(PROMTOOL.toString(), "check", "metrics"), body);
        if (run.status() == 0) {
            return List.of();
        }
        if (run.status() == 3 && !run.output().contains("error while linting")) {
            return run.output().lines().filter(line -> !line.isBlank()).toList();
        }
        return fail("promtool check metrics refused the body (exit " + run.status() + "): " + run.output()
                + "\nbody:\n" + body);
    }

    static List<Family> python(String body) {
        if (!Files.isExecutable(PYTHON)) {
            fail(PYTHON + " is missing: install Debian's package 'python3' and 'python3-prometheus-client'");
        }
        Run run = run(List.of(PYTHON.toString(), "-c", PARSER), body);
        if (run.status() == 3 && run.output().startsWith("MISSING")) {
            fail("the Python parser is missing (" + run.output() + "): install Debian's package "
                    + "'python3-prometheus-client' (apt-get install -y python3-prometheus-client)");
        }
        if (run.status() != 0) {
            fail("prometheus_client.parser refused the body (exit " + run.status() + "): " + run.output()
                    + "\nbody:\n" + body);
        }
        try {
            List<Family> families = new ArrayList<>();
            for (JsonNode family : new ObjectMapper().readTree(run.output())) {
                List<Sample> samples = new ArrayList<>();
                for (JsonNode sample : family.get("samples")) {
                    Map<String, String> labels = new LinkedHashMap<>();
                    sample.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                    samples.add(new Sample(sample.get("name").asText(), labels, toDouble(sample.get("value").asText())));
                }
                families.add(new Family(family.get("name").asText(), family.get("type").asText(),
                        family.get("help").asText(), samples));
            }
            return families;
        } catch (IOException e) {
            return fail("unreadable parser output " + run.output(), e);
        }
    }

    private static double toDouble(String repr) {
        return switch (repr) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(repr);
        };
    }

    private record Run(int status, String output) {
    }

    /** Runs a judge with the body on its stdin (each reads it all before writing, so no pipe can fill up). */
    private static Run run(List<String> command, String body) {
        Process process = null;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(body.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                fail(command.get(0) + " did not end within 60 s");
            }
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            return fail("running " + command.get(0) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }
}
