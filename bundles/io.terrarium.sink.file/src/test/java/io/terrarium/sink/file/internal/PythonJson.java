package io.terrarium.sink.file.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The independent judge: Debian's python3 reads a file with its {@code json} module, strictly (UTF-8 only, a line
 * feed after every line, no NaN or Infinity tokens, no repeated keys, no character {@code str.splitlines()} would
 * break a line on), and prints what it parsed, ASCII-escaped; Java reads that back for comparison.
 */
final class PythonJson {

    static final String PYTHON = "/usr/bin/python3";

    private static final String JUDGE = """
            import json, re, sys
            def constant(name):
                raise ValueError('non-standard JSON constant ' + name)
            def unique(pairs):
                keys = [key for key, _ in pairs]
                if len(keys) != len(set(keys)):
                    raise ValueError('repeated key in %r' % keys)
                return dict(pairs)
            parsed = []
            for name in sys.argv[1:]:
                text = open(name, 'rb').read().decode('utf-8')
                if text and not text.endswith('\\n'):
                    sys.exit('%s: the last line has no line feed' % name)
                lines = text.split('\\n')[:-1] if text else []
                if len(text.splitlines()) != len(lines):
                    sys.exit('%s: a line holds a character that str.splitlines() breaks lines on' % name)
                for number, line in enumerate(lines, 1):
                    try:
                        value = json.loads(line, parse_constant=constant, object_pairs_hook=unique)
                    except ValueError as e:
                        sys.exit('%s line %d: %s: %r' % (name, number, e, line))
                    if not isinstance(value, dict):
                        sys.exit('%s line %d is not an object: %r' % (name, number, line))
                    parsed.append(value)
            # JSON may carry a lone surrogate; Jackson cannot read one back, so it is shown as <U+D800>
            lone = re.compile('[\\ud800-\\udfff]')
            def marked(value):
                if isinstance(value, str):
                    return lone.sub(lambda m: '<U+%04X>' % ord(m.group()), value)
                if isinstance(value, dict):
                    return {marked(k): marked(v) for k, v in value.items()}
                if isinstance(value, list):
                    return [marked(v) for v in value]
                return value
            json.dump(marked(parsed), sys.stdout, ensure_ascii=True)
            """;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PythonJson() {
    }

    /**
     * Every line of the files, in order, as python3 parsed them; fails the test when python3 refuses one of them.
     */
    static List<JsonNode> lines(Path... files) {
        String named = Arrays.toString(files);
        try {
            Path errors = Files.createTempFile("python-json", ".err");
            List<String> command = new ArrayList<>(List.of(PYTHON, "-c", JUDGE));
            Arrays.stream(files).map(Path::toString).forEach(command::add);
            Process python = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            try {
                python.getOutputStream().close();
                byte[] out;
                try (InputStream stdout = python.getInputStream()) {
                    out = stdout.readAllBytes();
                }
                if (!python.waitFor(60, TimeUnit.SECONDS)) {
                    throw new AssertionError("python3 did not finish reading " + named);
                }
                if (python.exitValue() != 0) {
                    throw new AssertionError("python3 refused " + named + ": "
                            + Files.readString(errors, StandardCharsets.UTF_8).strip());
                }
                List<JsonNode> lines = new ArrayList<>();
                MAPPER.readTree(out).forEach(lines::add);
                return lines;
            } finally {
                python.destroyForcibly();
                python.waitFor(10, TimeUnit.SECONDS);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new AssertionError("running python3 on " + named, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code text} as the judge shows it: each lone surrogate as {@code <U+D800>}, pairs as they are. */
    static String asJudged(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format("<U+%04X>", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Parses expected JSON written in a test. */
    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("the test's own JSON: " + text, e);
        }
    }
}
