package im.load.report;

import java.util.Map;
import org.HdrHistogram.Histogram;

/** A stage's result with its full histograms (nanoseconds), for the .hgrm files and the plots. */
public record StageData(StageResult result, Map<String, Histogram> histograms) {}
