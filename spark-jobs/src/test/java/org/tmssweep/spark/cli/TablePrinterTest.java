package org.tmssweep.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tmssweep.spark.job.ProgressSink;

class TablePrinterTest {
    @Test
    void alignsTextLeftAndNumbersRight() {
        String t = TablePrinter.aligned(List.of("model", "sparsity"),
                List.of(List.of("linear", "0.9"), List.of("relu_output", "0.999")));
        assertEquals("""
                model        sparsity
                -----------  --------
                linear            0.9
                relu_output     0.999
                """, t);
    }

    @Test
    void csvQuotesOnlyWhatNeedsQuoting() {
        assertEquals("a,b\r\nx,\"1, 2\"\r\n\"say \"\"hi\"\"\",\r\n",
                TablePrinter.csv(List.of("a", "b"), List.of(List.of("x", "1, 2"), List.of("say \"hi\"", ""))));
    }

    @Test
    void tableCellsRoundDoublesCsvKeepsThem() {
        assertEquals("0.333333", QueryCommand.cell(1.0 / 3, QueryCommand.Format.table));
        assertEquals("0.3333333333333333", QueryCommand.cell(1.0 / 3, QueryCommand.Format.csv));
        assertEquals("5", QueryCommand.cell(5.0, QueryCommand.Format.table));
        assertEquals("1.00000e-08", QueryCommand.cell(1e-8, QueryCommand.Format.table));
        assertEquals("NULL", QueryCommand.cell(null, QueryCommand.Format.table));
        assertEquals("", QueryCommand.cell(null, QueryCommand.Format.csv));
    }

    @Test
    void progressLineShowsCountsRateAndEta() {
        assertEquals("tms: s: wave 1/2 · 2/8 models (1/4 tasks) · 0:10 elapsed · 0.20 models/s · ETA 0:30",
                ConsoleProgress.line("s", new ProgressSink.Progress(1, 2, 2, 8, 2, 1, 4, 0, 10_000)));
        // a resumed run: 4 models committed before, 2 trained now in 10 s -> 2 left at 0.2/s
        assertEquals("tms: s: wave 2/2 · 6/8 models (1/4 tasks) · 0:10 elapsed · 0.20 models/s · 1 failed · ETA 0:10",
                ConsoleProgress.line("s", new ProgressSink.Progress(2, 2, 6, 8, 2, 1, 4, 1, 10_000)));
        assertEquals("1:01:01", ConsoleProgress.clock(3_661_000));
    }

    @Test
    void theFinalProgressLineIsPrintedOnceWhenTheCommitRepeatsIt() {
        java.io.StringWriter text = new java.io.StringWriter();
        ConsoleProgress progress = new ConsoleProgress(new java.io.PrintWriter(text), false, 0, "s");
        ProgressSink.Progress done = new ProgressSink.Progress(2, 2, 8, 8, 8, 4, 4, 0, 10_000);
        progress.update(new ProgressSink.Progress(2, 2, 6, 8, 6, 3, 4, 0, 9_000));
        progress.update(done); // the last task
        progress.update(done); // the wave's commit, same numbers
        progress.update(new ProgressSink.Progress(2, 2, 8, 8, 8, 4, 4, 0, 10_400)); // same clock, rate 0.77 not 0.80
        progress.update(new ProgressSink.Progress(2, 2, 8, 8, 8, 4, 4, 0, 11_000)); // a later, different line
        assertEquals(3, text.toString().lines().count(), text.toString());
    }
}
