package io.github.tttvideo.codec.javacv;

import io.github.tttvideo.spi.VideoFrame;
import io.github.tttvideo.spi.VideoWriter;
import io.github.tttvideo.spi.VideoWriterSpec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Animated GIF through the JDK's GIF encoder: an exact palette per frame when the frame has at most
 * 256 colours, ImageIO's quantiser otherwise. GIF delays are in 1/100 s, so 16 fps is stored as
 * 6/100 s per frame (players show 16.7 fps); the exact fps is kept in the sidecar JSON.
 */
final class GifWriter implements VideoWriter {
  private static final Logger LOG = LoggerFactory.getLogger(GifWriter.class);
  private static final String FORMAT = "javax_imageio_gif_image_1.0";

  private final VideoWriterSpec spec;
  private final Path target;
  private final Path temp;
  private ImageWriter writer;
  private ImageOutputStream out;
  private long frames;
  private boolean finished;

  GifWriter(VideoWriterSpec spec) throws IOException {
    this.spec = spec;
    this.target = OutputFiles.checkTarget(spec.target(), false);
    this.temp = OutputFiles.temporarySibling(target, "gif");
    this.writer = ImageIO.getImageWritersByFormatName("gif").next();
    this.out = ImageIO.createImageOutputStream(temp.toFile());
    writer.setOutput(out);
    writer.prepareWriteSequence(null);
  }

  @Override
  public void write(VideoFrame frame) throws IOException {
    if (writer == null || finished) {
      throw new IllegalStateException("the writer for " + target + " is closed");
    }
    if (frame.width() != spec.width() || frame.height() != spec.height()) {
      throw new IllegalArgumentException(
          "frame is " + frame.width() + "x" + frame.height() + ", the video is "
              + spec.width() + "x" + spec.height());
    }
    BufferedImage img = Frames.toExactIndexed(frame);
    if (img == null) {
      img = Frames.toImage(frame);
    }
    IIOMetadata md =
        writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), null);
    IIOMetadataNode root = (IIOMetadataNode) md.getAsTree(FORMAT);
    // The default tree carries a generic colour table; without it the encoder writes the image's
    // own palette.
    for (int i = root.getLength() - 1; i >= 0; i--) {
      if (root.item(i).getNodeName().equals("LocalColorTable")) {
        root.removeChild(root.item(i));
      }
    }
    IIOMetadataNode gce = child(root, "GraphicControlExtension");
    gce.setAttribute("disposalMethod", "none");
    gce.setAttribute("userInputFlag", "FALSE");
    gce.setAttribute("transparentColorFlag", "FALSE");
    gce.setAttribute("delayTime", Integer.toString(Math.max(1, Math.round(100f / spec.fps()))));
    gce.setAttribute("transparentColorIndex", "0");
    if (frames == 0) {
      IIOMetadataNode apps = child(root, "ApplicationExtensions");
      IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
      loop.setAttribute("applicationID", "NETSCAPE");
      loop.setAttribute("authenticationCode", "2.0");
      loop.setUserObject(new byte[] {1, 0, 0});
      apps.appendChild(loop);
      if (!spec.title().isEmpty()) {
        IIOMetadataNode comments = child(root, "CommentExtensions");
        IIOMetadataNode c = new IIOMetadataNode("CommentExtension");
        c.setAttribute("value", spec.title());
        comments.appendChild(c);
      }
    }
    md.setFromTree(FORMAT, root);
    writer.writeToSequence(new IIOImage(img, null, md), null);
    frames++;
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
        return (IIOMetadataNode) root.item(i);
      }
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    root.appendChild(node);
    return node;
  }

  @Override
  public long framesWritten() {
    return frames;
  }

  @Override
  public Path commit() throws IOException {
    if (writer == null || finished) {
      throw new IllegalStateException("the writer for " + target + " is closed");
    }
    try {
      writer.endWriteSequence();
      out.close();
      out = null;
      writer.dispose();
      writer = null;
      if (spec.metadataJson() != null) {
        OutputFiles.writeAtomically(OutputFiles.sidecar(target), spec.metadataJson());
      }
      OutputFiles.moveIntoPlace(temp, target);
      finished = true;
      LOG.debug("wrote {} frames to {}", frames, target);
      return target;
    } finally {
      if (!finished) {
        close();
      }
    }
  }

  @Override
  public void close() {
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException e) {
      LOG.warn("closing {} failed: {}", temp, e.getMessage());
    }
    out = null;
    if (writer != null) {
      writer.dispose();
      writer = null;
    }
    if (!finished) {
      finished = true;
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        LOG.warn("could not delete the partial file {}: {}", temp, e.getMessage());
      }
    }
  }
}
