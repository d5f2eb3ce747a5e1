package io.github.tttvideo.cli;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.examples.bench.ConsistencyBenchmark;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code ttt-video} command-line program.
 *
 * <p>Conventions shared by every subcommand: exit status 0 on success, 2 for bad input or usage,
 * 1 for any other failure; a failure prints one line {@code error: ...} on standard error, and the
 * stack trace only with {@code --verbose}.
 */
@Command(
    name = "ttt-video",
    mixinStandardHelpOptions = true,
    versionProvider = TttVideoCli.Version.class,
    description = "Turns a storyboard into a multi-scene video with a TTT diffusion transformer.",
    subcommands = {
      CommandLine.HelpCommand.class, DemoCommand.class, PlanCommand.class, InspectCommand.class,
      RenderCommand.class, DecodeCommand.class, ExportOnnxCommand.class,
      ConsistencyBenchmark.class
    })
public final class TttVideoCli implements Runnable {

  /** Exit status for success. */
  public static final int EXIT_OK = 0;
  /** Exit status for a failure that is not the caller's fault. */
  public static final int EXIT_FAILURE = 1;
  /** Exit status for bad input or usage. */
  public static final int EXIT_BAD_INPUT = 2;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Runs the program and returns its exit status (does not call {@link System#exit}).
   *
   * @param out standard output
   * @param err standard error
   * @param args command-line arguments
   * @return the exit status
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    TttVideoCli root = new TttVideoCli();
    CommandLine cl = new CommandLine(root);
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, argv) -> {
          err.println("error: " + ex.getMessage());
          err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          err.flush();
          return EXIT_BAD_INPUT;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          boolean verbose = parseResult.matchedOption("--verbose") != null || root.verbose;
          err.println("error: " + oneLine(ex));
          if (verbose) {
            ex.printStackTrace(err);
          }
          err.flush();
          return isBadInput(ex) ? EXIT_BAD_INPUT : EXIT_FAILURE;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  static boolean isBadInput(Throwable ex) {
    return ex instanceof InvalidInputException
        || ex instanceof IllegalArgumentException
        || ex instanceof java.nio.file.NoSuchFileException
        || ex instanceof java.nio.file.AccessDeniedException
        || ex instanceof CommandLine.ParameterException;
  }

  static String oneLine(Throwable ex) {
    String msg = ex.getMessage();
    if (msg == null || msg.isBlank()) {
      msg = ex.getClass().getSimpleName();
    } else if (ex instanceof java.nio.file.NoSuchFileException) {
      msg = "no such file: " + msg;
    } else if (ex instanceof java.nio.file.AccessDeniedException) {
      msg = "access denied: " + msg;
    }
    return msg.replace('\n', ' ').replace('\r', ' ');
  }

  /**
   * Entry point.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(execute(out, err, args));
  }

  /** Reads the version that Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ttt-video " + version(), "Java " + Runtime.version()};
    }
  }

  /**
   * The version of this program, as built.
   *
   * @return the version string
   */
  public static String version() {
    try (InputStream in = TttVideoCli.class.getResourceAsStream("/ttt-video-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
