import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * The one command of the node bench: {@code java bench/NodeBench.java [--java PATH] [runner-api.jar]},
 * run from the project's root. The bench lives in {@code bench/nodebench/}, one file per concern
 * (the floor, the node's phases, the restart, the node process, the table); a single-file
 * launch of JDK 17 compiles one file only, so this one compiles the others into a temporary
 * directory and runs {@code nodebench.Main} with the same arguments.
 */
public class NodeBench {
  public static void main(String[] args) throws Exception {
    Path sources = Path.of("bench", "nodebench");
    if (!Files.isDirectory(sources)) {
      System.err.println("NodeBench: no " + sources.toAbsolutePath() + " (run it from the project's root)");
      System.exit(2);
    }
    Path classes = Files.createTempDirectory("node-bench-classes");
    // the bench ends with System.exit: its classes go then
    Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(classes)));
    List<String> javac = new ArrayList<>(List.of("-d", classes.toString(), "-nowarn", "-Xlint:none"));
    try (Stream<Path> files = Files.list(sources)) {
      files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> javac.add(p.toString()));
    }
    if (ToolProvider.getSystemJavaCompiler().run(null, null, null, javac.toArray(String[]::new)) != 0) {
      System.err.println("NodeBench: the bench does not compile (see above)");
      System.exit(2);
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, NodeBench.class.getClassLoader())) {
      loader.loadClass("nodebench.Main").getMethod("main", String[].class).invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  private static void delete(Path classes) {
    try (Stream<Path> files = Files.walk(classes)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // a temporary directory: the system clears it in the end
    }
  }
}
