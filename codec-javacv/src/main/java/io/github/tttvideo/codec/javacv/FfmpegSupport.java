package io.github.tttvideo.codec.javacv;

import org.bytedeco.ffmpeg.global.avutil;

/** One-time FFmpeg set-up: silences FFmpeg's own console logging. */
final class FfmpegSupport {
  private static volatile boolean initialised;

  private FfmpegSupport() {}

  static void init() {
    if (!initialised) {
      synchronized (FfmpegSupport.class) {
        if (!initialised) {
          // FFmpeg would print to the console; its failures reach callers as exceptions instead.
          avutil.av_log_set_level(avutil.AV_LOG_QUIET);
          initialised = true;
        }
      }
    }
  }
}
