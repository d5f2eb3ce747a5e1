package io.github.tttvideo.core.story;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tttvideo.api.StoryboardException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reads every file of the catalogue {@code storyboards/bad/index.txt} and checks its error. */
class BadStoryboardsTest {

  static Path dir() throws URISyntaxException {
    return Path.of(BadStoryboardsTest.class.getResource("/storyboards/bad/index.txt").toURI())
        .getParent();
  }

  static Stream<Arguments> catalogue() throws IOException, URISyntaxException {
    List<String> lines = Files.readAllLines(dir().resolve("index.txt"));
    return lines.stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("\\s*\\|\\s*", 3))
        .map(f -> Arguments.of(f[0].strip(), f[1].strip(), f[2].strip()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalogue")
  void malformedStoryboardIsRejectedWithItsPosition(String file, String position, String fragment)
      throws Exception {
    Path path = dir().resolve(file);
    StoryboardException e =
        assertThrows(StoryboardException.class, () -> StoryboardReader.defaults().read(path));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertEquals(path.toString(), e.source());
    if (position.equals("-")) {
      assertEquals(-1, e.line());
      assertTrue(e.getMessage().startsWith(path + ": "), e.getMessage());
    } else {
      assertEquals(position, e.line() + ":" + e.column(), e.getMessage());
      assertTrue(e.getMessage().startsWith(path + ":" + position + ": "), e.getMessage());
    }
    assertTrue(e.getMessage().indexOf('\n') < 0, "one line: " + e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void everyFileOfTheFolderIsInTheCatalogue() throws Exception {
    List<String> listed = catalogue().map(a -> (String) a.get()[0]).toList();
    try (Stream<Path> files = Files.list(dir())) {
      files.map(p -> p.getFileName().toString())
          .filter(n -> !n.equals("index.txt"))
          .forEach(n -> assertTrue(listed.contains(n), n + " is not in index.txt"));
    }
  }
}
