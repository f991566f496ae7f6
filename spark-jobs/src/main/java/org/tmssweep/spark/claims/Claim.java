package org.tmssweep.spark.claims;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One checkable statement of a study (the paper, or a follow-up: {@link Study}): what the source says,
 * where, which preset sweeps it reads, how it is measured (Spark SQL over the tables, or a computation in
 * model-core), and the criterion that decides PASS or FAIL, with its tolerance and the reason for that
 * tolerance.
 *
 * <p>SQL names a preset's sweep as {@code {paper-intro}} (the preset's {@code name}); the engine
 * replaces it with the quoted {@code sweep_id} of that preset's latest complete sweep. The
 * measurement's rows go to {@link #judge()}, a pure function, so every criterion can be tested on
 * hand-made rows without Spark.
 *
 * @param id          stable identifier: the study's letter and section, then a name ({@code r07.dense-optimum},
 *                    {@code m1.t-gons}; {@link Study#idPrefix})
 * @param row         the section within its study: for the paper, the experiment row (1-22) of docs/paper.md's
 *                    experiment list
 * @param statement   the source's statement, one line
 * @param paper       the source's value (a number, a count, or the qualitative statement made exact)
 * @param source      where the source states it (section, figure)
 * @param presets     the preset sweep names the measurement reads (empty for computed claims)
 * @param measurement the SQL (with {@code {preset}} placeholders) or a description of the computation
 * @param measure     runs the measurement
 * @param judge       decides from the measured rows
 * @param criterion   the criterion in words, with its tolerance
 * @param tolerance   why that tolerance
 * @param figure      the report figure that shows it ({@code preset/figure}), or null
 * @param differs     where the preset deliberately departs from the paper's recipe, or null
 */
public record Claim(String id, int row, String statement, String paper, String source, List<String> presets,
        String measurement, Measure measure, Judge judge, String criterion, String tolerance, String figure,
        String differs) {

    static final Pattern ID = Pattern.compile("[a-z][0-9]+\\.[a-z0-9-]+");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

    public Claim {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("claim id must look like r07.dense-optimum or m1.t-gons, got " + id);
        }
        Study study = Study.ofId(id);
        if (row < 1 || row > study.sections()) {
            throw new IllegalArgumentException("claim " + id + ": row must be in 1.." + study.sections() + " (study "
                    + study.cliName() + "), got " + row);
        }
        if (!id.startsWith(study.idPrefix(row))) {
            throw new IllegalArgumentException("claim " + id + ": id must start with " + study.idPrefix(row));
        }
        for (String s : new String[] {statement, paper, source, measurement, criterion, tolerance}) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("claim " + id + ": statement, paper, source, measurement,"
                        + " criterion and tolerance are all required");
            }
        }
        presets = List.copyOf(presets);
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(judge, "judge");
    }

    /** The study the claim belongs to, by its id's first letter. */
    public Study study() {
        return Study.ofId(id);
    }

    /** Runs a measurement: SQL through the engine, or a computation that ignores it. */
    @FunctionalInterface
    public interface Measure {
        List<Rec> run(Sql sql);
    }

    /** Decides a claim from its measured rows. */
    @FunctionalInterface
    public interface Judge {
        Judgement apply(List<Rec> rows);
    }

    /** Runs SQL whose {@code {preset}} placeholders the engine has resolved. */
    @FunctionalInterface
    public interface Sql {
        List<Rec> query(String sql);
    }

    /** The preset names a SQL text refers to, in order of appearance. */
    static List<String> placeholders(String sql) {
        Matcher m = PLACEHOLDER.matcher(sql);
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return List.copyOf(out);
    }

    public static Builder claim(String id, int row) {
        return new Builder(id, row);
    }

    /** Fluent construction; {@link #build()} validates. */
    public static final class Builder {
        private final String id;
        private final int row;
        private String statement;
        private String paper;
        private String source;
        private List<String> presets = List.of();
        private String measurement;
        private Measure measure;
        private Judge judge;
        private String criterion;
        private String tolerance;
        private String figure;
        private String differs;

        Builder(String id, int row) {
            this.id = id;
            this.row = row;
        }

        public Builder says(String s) {
            statement = s;
            return this;
        }

        public Builder paper(String s) {
            paper = s;
            return this;
        }

        public Builder source(String s) {
            source = s;
            return this;
        }

        /** A SQL measurement; the presets are its placeholders. */
        public Builder sql(String text) {
            measurement = text.strip();
            presets = placeholders(text);
            String t = measurement;
            measure = q -> q.query(t);
            return this;
        }

        /** A computed measurement (no tables): {@code description} is what the scorecard shows. */
        public Builder computed(String description, java.util.function.Supplier<List<Rec>> compute) {
            measurement = description;
            presets = List.of();
            measure = q -> compute.get();
            return this;
        }

        public Builder judge(String criterionText, Judge j) {
            criterion = criterionText;
            judge = j;
            return this;
        }

        public Builder tolerance(String why) {
            tolerance = why;
            return this;
        }

        public Builder figure(String presetSlashFigure) {
            figure = presetSlashFigure;
            return this;
        }

        public Builder differs(String how) {
            differs = how;
            return this;
        }

        public Claim build() {
            return new Claim(id, row, statement, paper, source, presets, measurement, measure, judge, criterion,
                    tolerance, figure, differs);
        }
    }
}
