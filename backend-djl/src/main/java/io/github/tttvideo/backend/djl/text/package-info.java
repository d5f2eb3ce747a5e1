/** The word-level tokenizer and learned-embedding text encoder of the embedded model. */
package io.github.tttvideo.backend.djl.text;
