package io.tracemate.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which module a class comes from, read from where it was loaded: {@code <layer folder>/<module>/target/classes} or
 * the module's jar beside it, as a Maven reactor build puts them on the class path. Rules written against the
 * layer folders ({@code wire/*}) therefore keep holding when a module is renamed, split or added inside a folder,
 * and when Java packages move (the log model, the HTTP feature packages). Stateless.
 */
final class Modules {
  /** The layer folders of the root that hold modules, each with a README of what it may depend on. */
  static final Set<String> FOLDERS =
      Set.of("foundation", "wire", "pipeline", "storage", "query", "http", "assembly", "tools");

  private static final Pattern MODULE_DIRECTORY = Pattern.compile("/([a-z]+)/([a-z0-9-]+)/target/");

  /** {@code ui} is a module at the root, not a folder of modules. */
  private static final Pattern UI_DIRECTORY = Pattern.compile("/ui/target/");

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
    return Optional.ofNullable(found);
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
