package io.tracemate.testing.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A fuzz target's seed corpus, kept in the repository: the resource folder {@code fuzz/<name>/} (in the owning
 * module's test resources, or in test-support's for the wire formats, shared by the codec's and the server's
 * targets), one valid (or once crashing) input per file, or one per line in a {@code .lines} file (for
 * queries and parameters). Files are read in name order, so that seeds and the mutants made from them are the same
 * on every machine.
 *
 * @param name the corpus folder's name under {@code fuzz/}
 */
public record SeedCorpus(String name, List<Seed> seeds) {

  /** One seed: where it came from (file, or file:line) and its bytes. */
  public record Seed(String name, byte[] bytes) {
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  public SeedCorpus {
    seeds = List.copyOf(seeds);
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("the seed corpus fuzz/" + name + " holds no seed");
    }
  }

  /**
   * Reads {@code fuzz/<name>/} from the class path: a module's own test resources, or test-support's (the wire
   * formats' corpora, which the parsers' module and the server's HTTP fuzzing share), from a folder or a jar.
   */
  public static SeedCorpus load(String name) {
    String folder = "fuzz/" + name;
    URL url = Thread.currentThread().getContextClassLoader().getResource(folder);
    if (url == null) {
      throw new IllegalArgumentException("no seed corpus " + folder + " on the class path");
    }
    try {
      URI uri = url.toURI();
      if (uri.getScheme().equals("jar")) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          return new SeedCorpus(name, read(jar.getPath(folder)));
        }
      }
      return new SeedCorpus(name, read(Path.of(uri)));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the seed corpus " + folder + " has no path: " + url, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the seed corpus " + folder, e);
    }
  }

  private static List<Seed> read(Path dir) throws IOException {
    List<Seed> seeds = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> listed = Files.list(dir)) {
      files = listed.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      if (fileName.endsWith(".lines")) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          if (!lines.get(i).isEmpty()) {
            seeds.add(
                new Seed(fileName + ":" + (i + 1), lines.get(i).getBytes(StandardCharsets.UTF_8)));
          }
        }
      } else {
        seeds.add(new Seed(fileName, Files.readAllBytes(file)));
      }
    }
    return seeds;
  }

  /** The corpus with more seeds made in code (e.g. protobuf encodings of the text seeds). */
  public SeedCorpus with(List<Seed> more) {
    List<Seed> all = new ArrayList<>(seeds);
    all.addAll(more);
    return new SeedCorpus(name, all);
  }
}
