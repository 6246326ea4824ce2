package dev.rocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the main code, read from its source: every {@code dev.rocket.*} reference (import or fully
 * qualified name) of a file is an edge from its package. Each package sits in one layer and may use only packages of
 * lower layers, so the graph has no cycle. A new package must be placed here (and in docs/architecture.md).
 */
class ArchitectureTest {
    /** Top to bottom; {@code (root)} is {@code dev.rocket} itself (the composition root). */
    static final List<Set<String>> LAYERS = List.of(
            Set.of("http"),                             // JAX-RS resources and filters
            Set.of("(root)"),                           // Rocket: builds and wires everything below
            Set.of("transfer", "openapi"),              // export and import of all definition kinds; OpenAPI documents
            Set.of("admin"),                            // admin services of the definition kinds
            Set.of("workflow"),                         // workflow kind and engine (uses webhook transport)
            Set.of("webhook"),                          // webhook kind, write listener, outbox, dispatcher
            Set.of("write"),                            // record writes: planner, executor, listeners
            Set.of("read"),                             // record reads: the read application service
            Set.of("rules", "statemachine"),            // rule and state-machine kinds and evaluators
            Set.of("permission"),                       // policy kind; policies → plan conditions
            Set.of("query"),                            // read plans and SQL rendering
            Set.of("tenancy"),                          // apps, their pools and registries
            Set.of("schema", "files", "auth"),          // DDL and migrations; uploads; users and tokens
            Set.of("metadata"),                         // entities, relations, Schema, Registry, DefinitionKind
            Set.of("request", "expr", "outbound", "jobs", "db"),
            Set.of("json", "net", "config"),
            Set.of("error"));

    private static final Path MAIN = Path.of("src/main/java/dev/rocket");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.rocket\\.([a-z][a-z0-9]*(?:\\.[a-z][a-z0-9]*)*)\\.(?:[A-Z*])");
    private static final Pattern ROOT_REFERENCE = Pattern.compile("\\bdev\\.rocket\\.[A-Z]");

    @Test
    void everyPackageUsesOnlyLowerLayers() throws IOException {
        Map<String, Map<String, Set<String>>> graph = graph();
        List<String> problems = new ArrayList<>();
        for (String pkg : graph.keySet()) {
            if (layer(pkg) < 0) {
                problems.add(pkg + " has no layer: place it in ArchitectureTest.LAYERS and docs/architecture.md");
            }
        }
        graph.forEach((from, uses) -> uses.forEach((to, files) -> {
            int a = layer(from);
            int b = layer(to);
            if (a >= 0 && b >= 0 && b <= a) {
                problems.add(from + " (layer " + a + ") must not use " + to + " (layer " + b + "): " + files);
            }
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void thePackageGraphHasNoCycle() throws IOException {
        Map<String, Map<String, Set<String>>> graph = graph();
        assertThat(cycles(graph)).isEmpty();
        assertThat(graph).hasSizeGreaterThan(20); // the scan sees the code
    }

    /** package → package it uses → the files that use it. */
    static Map<String, Map<String, Set<String>>> graph() throws IOException {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = MAIN.relativize(f.getParent()).toString().replace('/', '.');
                String pkg = rel.isEmpty() ? "(root)" : rel;
                Map<String, Set<String>> uses = graph.computeIfAbsent(pkg, k -> new TreeMap<>());
                String src = Files.readString(f);
                Matcher m = REFERENCE.matcher(src);
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        uses.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(f.getFileName().toString());
                    }
                }
                if (!pkg.equals("(root)") && ROOT_REFERENCE.matcher(src).find()) {
                    uses.computeIfAbsent("(root)", k -> new TreeSet<>()).add(f.getFileName().toString());
                }
            }
        }
        return graph;
    }

    private static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    /** Strongly connected components with more than one package (Tarjan). */
    static List<Set<String>> cycles(Map<String, Map<String, Set<String>>> graph) {
        Map<String, Integer> index = new LinkedHashMap<>();
        Map<String, Integer> low = new LinkedHashMap<>();
        List<String> stack = new ArrayList<>();
        List<Set<String>> out = new ArrayList<>();
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, out);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Map<String, Set<String>>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, List<String> stack, List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.add(v);
        for (String w : graph.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.remove(stack.size() - 1);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }
}
