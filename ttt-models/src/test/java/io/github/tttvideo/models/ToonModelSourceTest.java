package io.github.tttvideo.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.ModelLoadException;
import io.github.tttvideo.api.Models;
import io.github.tttvideo.core.render.EmbeddedModelSource;
import io.github.tttvideo.core.render.ModelDirectories;
import io.github.tttvideo.models.internal.ToonCacheRoot;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToonModelSourceTest {
  private static final String DIR = "test/models/toon/";

  @TempDir Path tmp;

  /** A class path root holding a small fake model under {@link #DIR}. */
  private Path resources(long seed) throws IOException {
    Path base = tmp.resolve("cp-" + seed);
    Path dir = Files.createDirectories(base.resolve(DIR));
    Files.writeString(dir.resolve("config.json"), "{\"name\":\"toon\",\"width\":16}");
    byte[] weights = new byte[300_000];
    new Random(seed).nextBytes(weights);
    Files.write(dir.resolve("model.safetensors"), weights);
    Files.writeString(dir.resolve("vocab.json"), "{\"<pad>\":0,\"tom\":4}");
    return base;
  }

  private static ToonModelSource source(Path cp, Path cacheRoot) throws IOException {
    ClassLoader loader = new URLClassLoader(new URL[] {cp.toUri().toURL()}, null);
    return new ToonModelSource(loader, DIR, () -> cacheRoot, false);
  }

  @Test
  void unpacksOnceIntoAHashNamedFolderAndReusesIt() throws IOException {
    Path cp = resources(1);
    Path cache = tmp.resolve("cache");
    Path dir = source(cp, cache).find("toon").orElseThrow();
    assertEquals(cache, dir.getParent());
    assertTrue(dir.getFileName().toString().matches("toon-[0-9a-f]{16}"), dir.toString());
    for (String f : List.of("config.json", "model.safetensors", "vocab.json")) {
      assertArrayEquals(Files.readAllBytes(cp.resolve(DIR + f)), Files.readAllBytes(dir.resolve(f)));
    }
    assertTrue(Files.isRegularFile(dir.resolve("SHA256SUMS")));
    FileTime written = Files.getLastModifiedTime(dir.resolve("model.safetensors"));
    Files.setLastModifiedTime(dir.resolve("model.safetensors"), FileTime.fromMillis(1000));

    Path again = source(cp, cache).find(" TOON ").orElseThrow();
    assertEquals(dir, again);
    assertEquals(FileTime.fromMillis(1000), Files.getLastModifiedTime(dir.resolve("model.safetensors")),
        "reused, not written again (was " + written + ")");
    assertEquals(1, entries(cache), "no temporary folders left");
  }

  @Test
  void anotherModelGetsAnotherFolder() throws IOException {
    Path cache = tmp.resolve("cache");
    Path a = source(resources(1), cache).find("toon").orElseThrow();
    Path b = source(resources(2), cache).find("toon").orElseThrow();
    assertNotEquals(a, b);
    assertEquals(2, entries(cache));
  }

  @Test
  void aDamagedFolderIsDetectedByHashAndUnpackedAgain() throws IOException {
    Path cp = resources(3);
    Path cache = tmp.resolve("cache");
    Path dir = source(cp, cache).find("toon").orElseThrow();
    byte[] original = Files.readAllBytes(dir.resolve("model.safetensors"));
    byte[] bad = original.clone();
    bad[1234] ^= 1; // same size, different content
    Files.write(dir.resolve("model.safetensors"), bad);
    Files.delete(dir.resolve("vocab.json"));

    Path again = source(cp, cache).find("toon").orElseThrow();
    assertEquals(dir, again);
    assertArrayEquals(original, Files.readAllBytes(again.resolve("model.safetensors")));
    assertTrue(Files.isRegularFile(again.resolve("vocab.json")));
    assertEquals(1, entries(cache), "the damaged copy was removed");
  }

  @Test
  void concurrentUnpackersShareOneCompleteFolder() throws Exception {
    Path cp = resources(4);
    Path cache = tmp.resolve("cache");
    byte[] expected = Files.readAllBytes(cp.resolve(DIR + "model.safetensors"));
    int n = 8;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        // Independent sources with no shared state, as separate processes would be.
        ToonModelSource s = source(cp, cache);
        Callable<Path> task = () -> {
          go.await();
          Path d = s.find("toon").orElseThrow();
          assertArrayEquals(expected, Files.readAllBytes(d.resolve("model.safetensors")));
          return d;
        };
        results.add(pool.submit(task));
      }
      go.countDown();
      Set<Path> dirs = new HashSet<>();
      for (Future<Path> f : results) {
        dirs.add(f.get());
      }
      assertEquals(1, dirs.size(), dirs.toString());
      assertEquals(1, entries(cache), "temporary folders of the losers are removed");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void absentResourcesGiveNothingAndOtherNamesAreNotAnswered() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty-cp"));
    Path cache = tmp.resolve("cache");
    assertEquals(Optional.empty(), source(empty, cache).find("toon"));
    assertTrue(Files.notExists(cache), "nothing is created for an absent model");
    ToonModelSource shipped = source(resources(5), cache);
    assertEquals(Optional.empty(), shipped.find("5B"));
    assertEquals(Optional.empty(), shipped.find(null));
  }

  @Test
  void anUnwritableCacheIsAModelLoadErrorNamingTheProperty() throws IOException {
    Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> source(resources(6), file.resolve("sub")).find("toon"));
    assertTrue(e.getMessage().contains(ToonCacheRoot.PROPERTY), e.getMessage());
  }

  @Test
  void theCacheRootFollowsTheSystemProperty() {
    String old = System.getProperty(ToonCacheRoot.PROPERTY);
    try {
      System.setProperty(ToonCacheRoot.PROPERTY, tmp.resolve("elsewhere").toString());
      assertEquals(tmp.resolve("elsewhere"), ToonCacheRoot.current());
      System.clearProperty(ToonCacheRoot.PROPERTY);
      assertEquals(Path.of(System.getProperty("user.home"), ".cache", "ttt-video", "models"),
          ToonCacheRoot.current());
    } finally {
      if (old == null) {
        System.clearProperty(ToonCacheRoot.PROPERTY);
      } else {
        System.setProperty(ToonCacheRoot.PROPERTY, old);
      }
    }
  }

  @Test
  void isRegisteredAndResolvesTheEmbeddedModelWhenItIsShipped() {
    boolean registered = ServiceLoader.load(EmbeddedModelSource.class).stream()
        .anyMatch(p -> p.type() == ToonModelSource.class);
    assertTrue(registered);
    if (ToonModelSource.isShipped()) {
      Path dir = ModelDirectories.resolve(Models.toon());
      assertTrue(Files.isRegularFile(dir.resolve("config.json")), dir.toString());
      assertTrue(Files.isRegularFile(dir.resolve("model.safetensors")), dir.toString());
      // the shipped model decodes through the world's palette and recommends its guidance
      var config = io.github.tttvideo.core.model.ModelConfigReader.fromDirectory(dir);
      assertTrue(config.vaePalette() != null && config.vaePalette().size() == 18,
          String.valueOf(config.vaePalette()));
      assertTrue(config.recommendedGuidance().isPresent(), "no recommended guidance");
    } else {
      ModelLoadException e =
          assertThrows(ModelLoadException.class, () -> ModelDirectories.resolve(Models.toon()));
      assertTrue(e.getMessage().contains("\"toon\" is not available"), e.getMessage());
    }
  }

  private static long entries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

}
