package io.github.tttvideo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.InvalidInputException;
import io.github.tttvideo.api.ModelReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliModelsTest {
  @TempDir Path tmp;

  @Test
  void aBareBuiltInNameIsTheBuiltInModelAndAPathIsAFolder() throws Exception {
    assertEquals(Optional.of("toon"), CliModels.model("toon").name());
    assertEquals(Optional.of("toon-local"), CliModels.model("Toon-Local").name());
    // a folder named like a built-in model is taken when it is written as a path
    Path folder = Files.createDirectories(tmp.resolve("toon"));
    ModelReference ref = CliModels.model(folder.toString());
    assertEquals(Optional.empty(), ref.name());
    assertEquals(Optional.of(folder), ref.directory());
    Path other = Files.createDirectories(tmp.resolve("my-model"));
    assertEquals(Optional.of(other), CliModels.model(other.toString()).directory());
  }

  @Test
  void neitherABuiltInNameNorAFolderIsAClearError() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> CliModels.model(tmp.resolve("missing").toString()));
    assertTrue(e.getMessage().contains("neither a model directory nor a built-in name"),
        e.getMessage());
    assertTrue(e.getMessage().contains("toon"), e.getMessage());
  }
}
