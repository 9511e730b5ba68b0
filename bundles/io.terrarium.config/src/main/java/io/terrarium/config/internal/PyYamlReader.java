package io.terrarium.config.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a YAML file as python.d does (PyYAML's SafeLoader, YAML 1.1: {@code yes}/{@code no}/{@code on}/{@code off}
 * are booleans, {@code 017} is octal, {@code 1:30} is 90, of two equal keys the last value wins at the first
 * key's place).
 * SnakeYAML is a port of PyYAML and resolves scalars the same way; what differs is kept as plain values:
 * timestamps and {@code !!binary} stay their text (Python would make a date or bytes, neither of which can
 * cross to the worker as JSON). Stateless; each call uses its own parser.
 */
final class PyYamlReader {

    /** A file that cannot be read or is not YAML; the message names the file and, when known, line and column. */
    static final class UnreadableFileException extends Exception {

        private static final long serialVersionUID = 1L;

        UnreadableFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Loads the file's single document, converted with {@link JsonSafeValues}.
     *
     * @return the document: a map, a list, a scalar, or {@code null} for an empty file
     */
    Object read(Path file) throws UnreadableFileException {
        Object loaded;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            loaded = new Yaml(new PyYamlConstructor()).load(reader);
        } catch (MarkedYAMLException e) {
            throw new UnreadableFileException(describe(file, e), e);
        } catch (YAMLException e) {
            throw new UnreadableFileException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UnreadableFileException(file + ": cannot read: " + e, e);
        }
        try {
            return JsonSafeValues.of(loaded);
        } catch (IllegalArgumentException e) {
            throw new UnreadableFileException(file + ": " + e.getMessage(), e);
        }
    }

    /** {@code <file>:<line>:<column>: <context>: <problem>}, one line, 1-based like an editor shows. */
    private static String describe(Path file, MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        StringBuilder text = new StringBuilder().append(file);
        if (mark != null) {
            text.append(':').append(mark.getLine() + 1).append(':').append(mark.getColumn() + 1);
        }
        text.append(": ");
        if (e.getContext() != null) {
            text.append(e.getContext()).append(": ");
        }
        text.append(e.getProblem() != null ? e.getProblem() : e.getMessage());
        return text.toString().replaceAll("\\s*\\R\\s*", " ");
    }

    private static final class PyYamlConstructor extends SafeConstructor {

        PyYamlConstructor() {
            super(new LoaderOptions());
            AbstractConstruct asText = new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return ((ScalarNode) node).getValue();
                }
            };
            yamlConstructors.put(Tag.TIMESTAMP, asText);
            yamlConstructors.put(Tag.BINARY, asText);
        }

        /*
         * SnakeYAML drops the earlier of two equal keys before building the map, so the survivor sits at the
         * later place. PyYAML (python.d builds an OrderedDict from the pairs) keeps the first place with the
         * last value, which decides the order of jobs; a LinkedHashMap fed every pair does exactly that.
         */
        @Override
        protected void processDuplicateKeys(MappingNode node) {
        }

        @Override
        protected void processDuplicateKeys(MappingNode node, boolean forceStringKeys) {
        }
    }
}
