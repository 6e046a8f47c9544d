package dev.hark.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hark.infrastructure.outbound.embedded.SearchSettings;
import jakarta.validation.constraints.Min;

/** The {@code embedded.search:} section: PocketSphinx's search settings (README lists each with its flag). */
public class SearchFactory {

    private static final SearchSettings DEFAULTS = SearchSettings.defaults();

    @Min(1)
    @JsonProperty
    private int frameDownsampling = DEFAULTS.frameDownsampling();

    @Min(1)
    @JsonProperty
    private int topGaussians = DEFAULTS.topGaussians();

    @JsonProperty
    private double beam = DEFAULTS.beam();

    @JsonProperty
    private double wordBeam = DEFAULTS.wordBeam();

    @JsonProperty
    private double phoneBeam = DEFAULTS.phoneBeam();

    @Min(-1)
    @JsonProperty
    private int maxHmmsPerFrame = DEFAULTS.maxHmmsPerFrame();

    @Min(-1)
    @JsonProperty
    private int maxWordsPerFrame = DEFAULTS.maxWordsPerFrame();

    @Min(0)
    @JsonProperty
    private int lookaheadWindow = DEFAULTS.lookaheadWindow();

    @JsonProperty
    private boolean flatSearch = DEFAULTS.flatSearch();

    @JsonProperty
    private boolean bestPath = DEFAULTS.bestPath();

    public SearchSettings build() {
        return new SearchSettings(frameDownsampling, topGaussians, beam, wordBeam, phoneBeam, maxHmmsPerFrame,
                maxWordsPerFrame, lookaheadWindow, flatSearch, bestPath);
    }
}
