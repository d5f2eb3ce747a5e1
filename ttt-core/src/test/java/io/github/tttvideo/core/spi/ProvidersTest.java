package io.github.tttvideo.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.BackendUnavailableException;
import io.github.tttvideo.api.OutputFormat;
import io.github.tttvideo.core.testing.FakeCodecProvider;
import io.github.tttvideo.spi.BackendOptions;
import io.github.tttvideo.spi.BackendProvider;
import io.github.tttvideo.spi.CodecProvider;
import io.github.tttvideo.spi.VideoModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProvidersTest {

  private static BackendProvider backend(String name, int rank, String unavailable) {
    return new BackendProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int rank() {
        return rank;
      }

      @Override
      public Optional<String> unavailableReason() {
        return Optional.ofNullable(unavailable);
      }

      @Override
      public VideoModel load(Path modelDirectory, BackendOptions options) {
        throw new UnsupportedOperationException();
      }
    };
  }

  private static Discovery.Found<BackendProvider> found(BackendProvider... providers) {
    return new Discovery.Found<>(List.of(providers), List.of());
  }

  @AfterEach
  void clearProperties() {
    System.clearProperty(Providers.BACKEND_PROPERTY);
    System.clearProperty(Providers.CODEC_PROPERTY);
  }

  @Test
  void noBackendNamesTheArtifactToAdd() {
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> Providers.backend(found(), null));
    assertTrue(e.getMessage().contains("no backend found"), e.getMessage());
    assertTrue(e.getMessage().contains("io.github.tttvideo:backend-djl"), e.getMessage());
  }

  @Test
  void noCodecNamesTheArtifactToAdd() {
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> Providers.codec(new Discovery.Found<>(List.of(), List.of()), OutputFormat.MP4, null));
    assertTrue(e.getMessage().contains("io.github.tttvideo:codec-javacv"), e.getMessage());
  }

  @Test
  void highestRankWins() {
    assertEquals("b", Providers.backend(found(backend("a", 1, null), backend("b", 5, null)), null)
        .name());
  }

  @Test
  void aTieAtTheTopAsksForAPin() {
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> Providers.backend(found(backend("a", 3, null), backend("b", 3, null),
            backend("c", 0, null)), null));
    assertTrue(e.getMessage().contains("a, b"), e.getMessage());
    assertTrue(e.getMessage().contains("-Dttt.backend=NAME"), e.getMessage());
  }

  @Test
  void aPinnedNameWinsOverRankCaseIgnored() {
    assertEquals("a", Providers.backend(found(backend("a", 1, null), backend("b", 5, null)), "A")
        .name());
  }

  @Test
  void theSystemPropertyPinsWhenNoNameIsGiven() {
    System.setProperty(Providers.BACKEND_PROPERTY, "a");
    assertEquals("a", Providers.backend(found(backend("a", 1, null), backend("b", 5, null)), null)
        .name());
    assertEquals("b", Providers.backend(found(backend("a", 1, null), backend("b", 5, null)), "b")
        .name(), "an explicit name beats the property");
  }

  @Test
  void aPinnedNameThatIsAbsentListsTheAvailableOnes() {
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> Providers.backend(found(backend("djl", 1, null), backend("onnx", 0, null)), "tpu"));
    assertTrue(e.getMessage().contains("\"tpu\" is not on the class path"), e.getMessage());
    assertTrue(e.getMessage().contains("available: djl, onnx"), e.getMessage());
  }

  @Test
  void unavailableBackendsAreSkippedUnlessPinned() {
    Discovery.Found<BackendProvider> f =
        found(backend("gpu-only", 9, "no CUDA"), backend("cpu", 0, null));
    assertEquals("cpu", Providers.backend(f, null).name());
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> Providers.backend(f, "gpu-only"));
    assertTrue(e.getMessage().contains("no CUDA"), e.getMessage());
    BackendUnavailableException none = assertThrows(BackendUnavailableException.class,
        () -> Providers.backend(found(backend("gpu-only", 9, "no CUDA")), null));
    assertTrue(none.getMessage().contains("gpu-only cannot run here: no CUDA"), none.getMessage());
  }

  @Test
  void aProviderThatFailsToLoadIsSkippedAndReported() {
    Discovery.Found<BackendProvider> f =
        Discovery.load(BackendProvider.class, getClass().getClassLoader());
    assertEquals(List.of("fake"), f.providers().stream().map(BackendProvider::name).toList());
    assertEquals(1, f.failures().size());
    assertTrue(f.failures().get(0).contains("BrokenBackendProvider"), f.failures().toString());
    assertEquals("fake", Providers.backend(null).name());
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> Providers.backend("djl"));
    assertTrue(e.getMessage().contains("available: fake"), e.getMessage());
    assertTrue(e.getMessage().contains("failed to load"), e.getMessage());
  }

  @Test
  void codecsAreChosenAmongThoseThatWriteTheFormat() {
    CodecProvider gifOnly = new CodecProvider() {
      @Override
      public String name() {
        return "gif-only";
      }

      @Override
      public int rank() {
        return 50;
      }

      @Override
      public java.util.Set<OutputFormat> formats() {
        return java.util.Set.of(OutputFormat.GIF);
      }

      @Override
      public io.github.tttvideo.spi.VideoWriter openWriter(
          io.github.tttvideo.spi.VideoWriterSpec spec) {
        throw new UnsupportedOperationException();
      }

      @Override
      public io.github.tttvideo.spi.VideoReader openReader(Path path) {
        throw new UnsupportedOperationException();
      }
    };
    Discovery.Found<CodecProvider> f =
        new Discovery.Found<>(List.of(gifOnly, new FakeCodecProvider()), List.of());
    assertEquals("gif-only", Providers.codec(f, OutputFormat.GIF, null).name());
    assertEquals("fake", Providers.codec(f, OutputFormat.MP4, null).name());
    System.setProperty(Providers.CODEC_PROPERTY, "fake");
    assertEquals("fake", Providers.codec(f, OutputFormat.GIF, null).name());
    System.clearProperty(Providers.CODEC_PROPERTY);
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
        () -> Providers.codec(new Discovery.Found<>(List.of(gifOnly), List.of()),
            OutputFormat.MP4, null));
    assertTrue(e.getMessage().contains("gif-only does not write MP4"), e.getMessage());
    assertFalse(Providers.codecs().isEmpty());
  }
}
