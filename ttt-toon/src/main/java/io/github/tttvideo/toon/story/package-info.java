/**
 * Stories of the toon world as text: a seeded generator, the storyboard JSON of the official
 * TTT-Video format, and a parser from the world's sentences back to a structured story.
 */
package io.github.tttvideo.toon.story;
