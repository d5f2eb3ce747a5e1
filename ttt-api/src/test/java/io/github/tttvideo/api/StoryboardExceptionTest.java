package io.github.tttvideo.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StoryboardExceptionTest {

  @Test
  void messageStartsWithTheKnownPartsOfTheLocation() {
    assertEquals("s.json:3:7: bad", new StoryboardException("s.json", 3, 7, "bad").getMessage());
    assertEquals("s.json:3: bad", new StoryboardException("s.json", 3, -1, "bad").getMessage());
    assertEquals("s.json: bad", new StoryboardException("s.json", -1, 5, "bad").getMessage());
    assertEquals("bad", new StoryboardException("bad").getMessage());
    StoryboardException e = new StoryboardException("s.json", 3, 7, "bad");
    assertEquals(3, e.line());
    assertEquals(7, e.column());
    assertEquals("bad", e.detail());
    assertEquals("s.json", e.source());
  }
}
