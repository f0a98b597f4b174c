package io.tracemate.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Which module a class comes from, read from where it was loaded: {@code <layer folder>/<module>/target/classes} or
 * the module's jar beside it, as a Maven reactor build puts them on the class path, or the module's installed jar
 * (a build resumed with {@code mvn -rf}), mapped back to its folder through the artifact IDs of the checkout's
 * poms. Rules written against the
 * layer folders ({@code wire/*}) therefore keep holding when a module is renamed, split or added inside a folder,
 * and when Java packages move (the log model, the HTTP feature packages). Stateless.
 */
final class Modules {
  /** The layer folders of the root that hold modules, each with a README of what it may depend on. */
  static final Set<String> FOLDERS =
      Set.of(
          "foundation",
          "security",
          "wire",
          "pipeline",
          "storage",
          "query",
          "alerting",
          "http",
          "assembly",
          "tools");

  private static final Pattern MODULE_DIRECTORY = Pattern.compile("/([a-z]+)/([a-z0-9-]+)/target/");

  /** {@code ui} is a module at the root, not a folder of modules. */
  private static final Pattern UI_DIRECTORY = Pattern.compile("/ui/target/");

  private static final Pattern INSTALLED_JAR =
      Pattern.compile("/(tracemate-[a-z0-9-]+?)-[0-9][^/!]*\\.jar(!|$)");

  /** {@code tracemate-span-api} to {@code storage/span-api}, for every module of the checkout. */
  private static final Map<String, String> MODULE_BY_ARTIFACT = readCheckout(checkoutRoot());

  private Modules() {}

  /** {@code storage/log-api}, {@code ui}, ...; empty for a class that is not from a module of this tree. */
  static Optional<String> of(JavaClass javaClass) {
    return javaClass
        .getSource()
        .map(source -> source.getUri().toString())
        .flatMap(Modules::ofLocation);
  }

  static Optional<String> ofLocation(String uri) {
    String found = null;
    Matcher module = MODULE_DIRECTORY.matcher(uri);
    while (module.find()) { // the last match: the checkout itself may sit below folders of any name
      if (FOLDERS.contains(module.group(1))) {
        found = module.group(1) + "/" + module.group(2);
      }
    }
    Matcher ui = UI_DIRECTORY.matcher(uri);
    if (found == null && ui.find()) {
      found = "ui";
    }
    Matcher installed = INSTALLED_JAR.matcher(uri);
    if (found == null && installed.find()) {
      found = MODULE_BY_ARTIFACT.get(installed.group(1));
    }
    return Optional.ofNullable(found);
  }

  /** Surefire runs in this module's folder, {@code assembly/architecture-tests}. */
  private static Path checkoutRoot() {
    return Path.of(System.getProperty("basedir", "."))
        .toAbsolutePath()
        .resolve("../..")
        .normalize();
  }

  private static Map<String, String> readCheckout(Path root) {
    Map<String, String> modules = new HashMap<>();
    try {
      for (String folder : FOLDERS) {
        try (DirectoryStream<Path> inFolder = Files.newDirectoryStream(root.resolve(folder))) {
          for (Path module : inFolder) {
            Path pom = module.resolve("pom.xml");
            if (Files.isRegularFile(pom)) {
              modules.put(artifactId(pom), folder + "/" + module.getFileName());
            }
          }
        }
      }
      modules.put(artifactId(root.resolve("ui/pom.xml")), "ui");
    } catch (IOException | ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("cannot read the modules of the checkout at " + root, e);
    }
    return Map.copyOf(modules);
  }

  private static String artifactId(Path pom)
      throws IOException, ParserConfigurationException, SAXException {
    Element project =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(pom.toFile())
            .getDocumentElement();
    for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
      if ("artifactId".equals(child.getNodeName())) { // the project's own, not its parent's
        return child.getTextContent().trim();
      }
    }
    throw new IllegalStateException(pom + " names no artifactId");
  }

  /** Classes of the named modules: {@code storage/log-api} is one module, {@code wire/*} every module of a folder. */
  static DescribedPredicate<JavaClass> in(String... modules) {
    return DescribedPredicate.describe(
        "in " + String.join(", ", modules),
        javaClass -> of(javaClass).filter(module -> matchesAny(module, modules)).isPresent());
  }

  private static boolean matchesAny(String module, String[] patterns) {
    for (String pattern : patterns) {
      if (pattern.endsWith("/*")
          ? module.startsWith(pattern.substring(0, pattern.length() - 1))
          : module.equals(pattern)) {
        return true;
      }
    }
    return false;
  }
}
