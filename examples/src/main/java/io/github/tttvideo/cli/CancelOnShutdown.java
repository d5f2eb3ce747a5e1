package io.github.tttvideo.cli;

import io.github.tttvideo.api.RenderControl;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Cancels a render when the JVM is asked to stop (Ctrl-C), and gives it a few seconds to close its
 * writer so that no partial file is left.
 */
final class CancelOnShutdown implements AutoCloseable {
  private final RenderControl control = new RenderControl();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  CancelOnShutdown() {
    hook = new Thread(() -> {
      control.cancel();
      try {
        finished.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "ttt-video-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  RenderControl control() {
    return control;
  }

  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running; it has been released above
    }
  }
}
