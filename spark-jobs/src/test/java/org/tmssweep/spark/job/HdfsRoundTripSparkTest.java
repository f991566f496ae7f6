package org.tmssweep.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tmssweep.spark.grid.SweepPlan;
import org.tmssweep.spark.spec.SpecParser;

/**
 * Cluster storage: {@code --out} as an hdfs:// URI. A real HDFS (one NameNode, one DataNode, from
 * hadoop-client-minicluster, on loopback) receives a sweep's tables; Spark SQL reads them back and
 * they equal the same sweep written to the local filesystem. The sweep lock works there too.
 */
@Timeout(300)
class HdfsRoundTripSparkTest {
    static final String SPEC = """
            name: hdfs
            n_features: 5
            n_hidden: 2
            sparsity: [0.0, 0.9]
            seeds: 2
            train: {steps: 100, batch_size: 64, eval_samples: 256}
            """;

    @TempDir
    static Path tmp;
    static MiniDFSCluster hdfs;
    static SparkSession spark;

    @BeforeAll
    static void start() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        spark = SparkTestSupport.start("local[2]");
    }

    @AfterAll
    static void stop() {
        try {
            if (spark != null) {
                spark.stop();
            }
        } finally {
            if (hdfs != null) {
                hdfs.shutdown(true);
            }
        }
    }

    @Test
    void tablesWrittenToHdfsReadBackLikeLocalOnes() throws Exception {
        SweepPlan plan = SweepPlan.of(SpecParser.parse(SPEC));
        String remote = hdfs.getURI().toString() + "/results/hdfs";
        assertTrue(remote.startsWith("hdfs://"), remote);
        SweepJob.run(spark, plan, remote, ProgressSink.NONE);
        String local = tmp.resolve("local").toString();
        SweepJob.run(spark, plan, local, ProgressSink.NONE);

        FileSystem fs = hdfs.getFileSystem();
        for (String table : List.of("sweeps", "models", "features")) {
            assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/results/hdfs/" + table
                    + "/sweep_id=" + plan.spec().sweepId())), table + " on HDFS");
        }
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/results/hdfs/specs/" + plan.spec().sweepId() + ".json")));

        List<String> drop = List.of("train_ms", "code_version");
        assertEquals(4, SparkTestSupport.rows(spark, remote + "/models", drop).size());
        assertEquals(SparkTestSupport.rows(spark, local + "/models", drop), SparkTestSupport.rows(spark, remote + "/models", drop));
        assertEquals(SparkTestSupport.rows(spark, local + "/features", drop),
                SparkTestSupport.rows(spark, remote + "/features", drop));
        spark.read().parquet(remote + "/models").createOrReplaceTempView("hdfs_models");
        assertEquals(2L, spark.sql("SELECT COUNT(DISTINCT point_id) FROM hdfs_models").first().getLong(0));
        assertTrue(SweepJob.isComplete(spark, remote, plan.spec().sweepId()));
        assertFalse(fs.exists(new org.apache.hadoop.fs.Path("/results/hdfs/_progress/sweep_id=" + plan.spec().sweepId()
                + "/" + SweepLock.FILE)), "the run released its lock");
    }

    @Test
    void theSweepLockOnHdfsIsTakenOnceRefreshedAndReleased() throws Exception {
        String remote = hdfs.getURI().toString() + "/results/lock";
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.Path file = SweepLock.path(remote, "s-1");
        FileSystem fs = hdfs.getFileSystem();
        try (SweepLock lock = SweepLock.acquire(conf, remote, "s-1")) {
            SweepLock.HeldException e = assertThrows(SweepLock.HeldException.class,
                    () -> SweepLock.acquire(conf, remote, "s-1"));
            assertTrue(e.getMessage().contains("(lock: " + file + ")"), e.getMessage());
            fs.setTimes(file, 1_000_000L, -1);
            lock.beat();
            assertTrue(fs.getFileStatus(file).getModificationTime() > 1_000_000L, "the heartbeat moved the time");
            lock.verify();
        }
        assertFalse(fs.exists(file));
    }
}
