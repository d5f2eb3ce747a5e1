/**
 * Model configurations: the {@link io.github.tttvideo.core.model.ModelConfig} record, its presets
 * and its JSON form ({@link io.github.tttvideo.core.model.ModelConfigReader}).
 */
package io.github.tttvideo.core.model;
