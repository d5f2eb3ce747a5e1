package io.github.tttvideo.models.internal;

import io.github.tttvideo.api.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks a model directory shipped as class-path resources into a cache folder, once, and finds
 * it again afterwards.
 *
 * <p>The folder is {@code ROOT/NAME-HASH}, where HASH is the first 16 hex digits of a SHA-256 over
 * the SHA-256 of every file, so a new model version never reuses an old folder. Unpacking writes a
 * temporary sibling folder, checks every file's hash against the resource, and renames the folder
 * into place in one step: a reader sees either nothing or a complete folder, and two processes
 * unpacking at once both end up using the one folder that won the rename. A folder that is there
 * already is checked (sizes and hashes) before it is used; a damaged one is moved aside and
 * unpacked again.
 */
public final class ModelResourceCache {
  private static final Logger LOG = LoggerFactory.getLogger(ModelResourceCache.class);

  /** Hex digits of the combined hash in the folder name. */
  static final int HASH_PREFIX = 16;

  /** One file of the model: its name, size and SHA-256 (hex). */
  public record Entry(String file, long size, String sha256) {}

  private final ClassLoader loader;
  private final String resourceDir;
  private final String name;
  private final List<String> files;
  private final String requiredFile;

  /**
   * A cache for one model.
   *
   * @param loader where the resources are
   * @param resourceDir the resource folder, ending with {@code /}, for example {@code
   *     io/github/tttvideo/models/toon/}
   * @param name the model name, the start of the folder name
   * @param files the file names that make up the model, in a fixed order; absent ones are skipped
   * @param requiredFile the file whose absence means the model is not shipped at all
   */
  public ModelResourceCache(ClassLoader loader, String resourceDir, String name,
      List<String> files, String requiredFile) {
    this.loader = loader;
    this.resourceDir = resourceDir.endsWith("/") ? resourceDir : resourceDir + "/";
    this.name = name;
    this.files = List.copyOf(files);
    this.requiredFile = requiredFile;
  }

  /**
   * The files of the model as shipped, with their hashes (reads every resource once).
   *
   * @return the entries, empty if the required file is not on the class path
   */
  public List<Entry> manifest() {
    if (loader.getResource(resourceDir + requiredFile) == null) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    for (String f : files) {
      URL url = loader.getResource(resourceDir + f);
      if (url == null) {
        continue;
      }
      try (InputStream in = url.openStream()) {
        MessageDigest md = sha256();
        long size = copy(in, OutputStream.nullOutputStream(), md);
        out.add(new Entry(f, size, HexFormat.of().formatHex(md.digest())));
      } catch (IOException e) {
        throw new ModelLoadException("cannot read the resource " + resourceDir + f + " of the"
            + " built-in model \"" + name + "\": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * The name of the cache folder for a manifest: {@code NAME-HASH}.
   *
   * @param manifest the entries
   * @return the folder name
   */
  public String folderName(List<Entry> manifest) {
    MessageDigest md = sha256();
    for (Entry e : manifest) {
      md.update((e.sha256() + "  " + e.file() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return name + "-" + HexFormat.of().formatHex(md.digest()).substring(0, HASH_PREFIX);
  }

  /**
   * The unpacked model folder under a cache root, unpacking it if it is missing or damaged.
   *
   * @param root the cache root (created if needed)
   * @return the folder, or empty if the model is not on the class path
   * @throws ModelLoadException if the folder cannot be written or the copy does not verify
   */
  public Optional<Path> unpack(Path root) {
    List<Entry> manifest = manifest();
    if (manifest.isEmpty()) {
      return Optional.empty();
    }
    Path target = root.resolve(folderName(manifest));
    try {
      if (Files.isDirectory(target)) {
        if (verifies(target, manifest)) {
          return Optional.of(target);
        }
        LOG.warn("the cached model {} does not match its hashes; unpacking it again", target);
        moveAsideAndDelete(target);
      }
      Files.createDirectories(root);
      Path tmp = Files.createTempDirectory(root, "." + target.getFileName() + ".tmp-");
      try {
        for (Entry e : manifest) {
          write(e, tmp.resolve(e.file()));
        }
        writeSums(manifest, tmp.resolve("SHA256SUMS"));
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
          LOG.info("unpacked the built-in model \"{}\" to {}", name, target);
        } catch (IOException e) {
          // Another process renamed its copy into place first; use it if it is complete.
          if (!Files.isDirectory(target) || !verifies(target, manifest)) {
            throw e;
          }
        }
      } finally {
        deleteTree(tmp);
      }
      if (!verifies(target, manifest)) {
        throw new ModelLoadException("the unpacked model " + target + " does not match the hashes"
            + " of its resources");
      }
      return Optional.of(target);
    } catch (IOException | UncheckedIOException e) {
      throw new ModelLoadException("cannot unpack the built-in model \"" + name + "\" to " + target
          + ": " + e + " (choose another folder with -D" + ToonCacheRoot.PROPERTY + "=DIR)", e);
    }
  }

  private void write(Entry e, Path file) throws IOException {
    URL url = loader.getResource(resourceDir + e.file());
    if (url == null) {
      throw new IOException("resource " + resourceDir + e.file() + " vanished");
    }
    MessageDigest md = sha256();
    try (InputStream in = url.openStream();
        OutputStream out = Files.newOutputStream(file)) {
      copy(in, out, md);
    }
    String got = HexFormat.of().formatHex(md.digest());
    if (!got.equals(e.sha256())) {
      throw new IOException("copy of " + e.file() + " has SHA-256 " + got + ", expected "
          + e.sha256());
    }
  }

  private static void writeSums(List<Entry> manifest, Path file) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Entry e : manifest) {
      sb.append(e.sha256()).append("  ").append(e.file()).append('\n');
    }
    Files.writeString(file, sb.toString());
  }

  /**
   * Whether a folder holds exactly the files of a manifest (size and SHA-256).
   *
   * @param dir the folder
   * @param manifest the entries
   * @return true if every file is there and matches
   */
  public static boolean verifies(Path dir, List<Entry> manifest) {
    for (Entry e : manifest) {
      Path f = dir.resolve(e.file());
      try {
        if (!Files.isRegularFile(f) || Files.size(f) != e.size()) {
          return false;
        }
        MessageDigest md = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
        if (!HexFormat.of().formatHex(md.digest()).equals(e.sha256())) {
          return false;
        }
      } catch (IOException ex) {
        return false;
      }
    }
    return true;
  }

  private static void moveAsideAndDelete(Path target) throws IOException {
    Path aside = target.resolveSibling("." + target.getFileName() + ".stale-" + UUID.randomUUID());
    try {
      Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.NoSuchFileException e) {
      return; // another process moved it already
    }
    deleteTree(aside);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        Files.deleteIfExists(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static long copy(InputStream in, OutputStream out, MessageDigest md) throws IOException {
    byte[] buf = new byte[1 << 16];
    long total = 0;
    for (int n; (n = in.read(buf)) > 0; ) {
      md.update(buf, 0, n);
      out.write(buf, 0, n);
      total += n;
    }
    return total;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
