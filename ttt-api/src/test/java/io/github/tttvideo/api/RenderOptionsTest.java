package io.github.tttvideo.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RenderOptionsTest {

  @Test
  void defaultsMatchTheReference() {
    RenderOptions o = RenderOptions.defaults();
    assertEquals(50, o.steps());
    assertEquals(GuidanceSchedule.DYNAMIC_COSINE, o.guidance());
    assertEquals(6.0, o.guidanceScale());
    assertEquals(16, o.fps());
    assertEquals(0, o.width());
    assertEquals(OutputFormat.MP4, o.format());
    assertTrue(o.backend().isEmpty());
    assertTrue(o.device().isEmpty());
  }

  private static String failure(Consumer<RenderOptions.Builder> change) {
    RenderOptions.Builder b = RenderOptions.builder();
    change.accept(b);
    return assertThrows(InvalidInputException.class, b::build).getMessage();
  }

  @Test
  void buildNamesTheFieldAndTheValue() {
    assertEquals("steps must be >= 1, got 0", failure(b -> b.steps(0)));
    assertEquals("fps must be between 1 and 240, got 0", failure(b -> b.fps(0)));
    assertEquals("threads must be >= 0 (0 = automatic), got -1", failure(b -> b.threads(-1)));
    assertEquals("guidanceScale must be a finite number >= 0, got NaN",
        failure(b -> b.guidance(GuidanceSchedule.CONSTANT, Double.NaN)));
    assertEquals("width must be 0 or a positive multiple of 16, got 100",
        failure(b -> b.size(100, 64)));
    assertEquals("backend must not be blank, got \" \"", failure(b -> b.backend(" ")));
    assertTrue(failure(b -> b.size(64, 0)).startsWith("width and height must both be 0"));
  }

  @Test
  void equalOptionsAreEqualAndToBuilderCopies() {
    RenderOptions a = RenderOptions.builder().seed(7).steps(30).size(64, 64).device("cpu").build();
    RenderOptions b = a.toBuilder().build();
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, a.toBuilder().seed(8).build());
  }

  @Test
  void guidanceIsChosenOnlyWhenSet() {
    RenderOptions d = RenderOptions.builder().seed(3).steps(7).build();
    assertTrue(!d.guidanceChosen());
    assertEquals(GuidanceSchedule.DYNAMIC_COSINE, d.guidance());
    RenderOptions c = d.toBuilder().guidance(GuidanceSchedule.DYNAMIC_COSINE, 6.0).build();
    assertTrue(c.guidanceChosen());
    assertNotEquals(d, c); // same values, but only one of them lets the model choose
    assertTrue(d.toBuilder().build().equals(d));
    assertTrue(c.toBuilder().seed(4).build().guidanceChosen());
    assertTrue(d.toBuilder().guidance(GuidanceSchedule.CONSTANT).build().guidanceChosen());
  }
}
