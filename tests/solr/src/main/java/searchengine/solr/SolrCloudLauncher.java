package searchengine.solr;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A SolrCloud cluster for tests: Solr's MiniSolrCloudCluster (N Solr nodes and an embedded ZooKeeper,
 * all on 127.0.0.1) driven line by line over stdin and stdout.
 *
 * <p>Usage: {@code java ... searchengine.solr.SolrCloudLauncher [--nodes N] [--base-dir DIR]}
 *
 * <p>When the cluster is up it prints one JSON line to stdout:
 *
 * <pre>{"event":"ready","zk_host":"127.0.0.1:P","zk_address":"127.0.0.1:P/solr",
 *  "nodes":["http://127.0.0.1:P1/solr", ...],"start_ms":1234}</pre>
 *
 * and then reads commands, answering each with one JSON line ({"ok":true,...} or
 * {"ok":false,"error":"..."}):
 *
 * <ul>
 *   <li>{@code stop-node I}: stop node I (0-based) and wait until it has left live_nodes;
 *   <li>{@code start-node I}: start node I again on its old port and wait until it is live;
 *   <li>{@code status}: the nodes and whether each is running;
 *   <li>{@code stop}, or end of input: shut the cluster down and exit 0.
 * </ul>
 *
 * Nothing but these lines goes to stdout: Solr's logs and System.out go to stderr.
 */
public final class SolrCloudLauncher {

  private final PrintStream protocol;
  private final MiniSolrCloudCluster cluster;
  /** Every node by its index, stopped or not: the cluster's own list drops stopped nodes. */
  private final List<JettySolrRunner> nodes;

  private SolrCloudLauncher(
      PrintStream protocol,
      MiniSolrCloudCluster cluster,
      List<JettySolrRunner> nodes) {
    this.protocol = protocol;
    this.cluster = cluster;
    this.nodes = nodes;
  }

  public static void main(String[] args) throws Exception {
    // Set before any Solr class loads its logger, and keep stdout for the protocol alone.
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "classpath:solr-launcher-log4j2.xml");
    }
    PrintStream protocol =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);

    int nodeCount = 2;
    Path baseDir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--nodes" -> nodeCount = Integer.parseInt(args[++i]);
        case "--base-dir" -> baseDir = Paths.get(args[++i]);
        default -> {
          System.err.println("unknown argument: " + args[i]);
          System.err.println("usage: SolrCloudLauncher [--nodes N] [--base-dir DIR]");
          System.exit(2);
        }
      }
    }
    boolean ownBaseDir = baseDir == null;
    if (ownBaseDir) {
      baseDir = Files.createTempDirectory("solr-cloud-");
    }

    long started = System.nanoTime();
    MiniSolrCloudCluster cluster;
    try {
      cluster =
          new MiniSolrCloudCluster.Builder(nodeCount, baseDir)
              .withTraceIdGenerationDisabled()
              .build();
    } catch (Exception e) {
      e.printStackTrace();
      protocol.println(json("event", "failed", "error", String.valueOf(e)));
      if (ownBaseDir) deleteTree(baseDir);
      System.exit(1);
      return;
    }
    long startMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    SolrCloudLauncher launcher =
        new SolrCloudLauncher(protocol, cluster, new ArrayList<>(cluster.getJettySolrRunners()));
    Path toDelete = ownBaseDir ? baseDir : null;
    // A SIGTERM (the tests' fallback when stdin does not stop us) still shuts down cleanly.
    Thread hook = new Thread(() -> launcher.shutdown(toDelete), "solr-launcher-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    protocol.println(launcher.readyLine(startMs));
    launcher.serve();
    Runtime.getRuntime().removeShutdownHook(hook);
    launcher.shutdown(toDelete);
    protocol.println(json("event", "stopped"));
    // The cluster is down: exit even if a library left a non-daemon thread behind.
    System.exit(0);
  }

  private void serve() throws IOException {
    BufferedReader commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = commands.readLine()) != null) {
      String[] words = line.trim().split("\\s+");
      if (words[0].isEmpty()) continue;
      try {
        switch (words[0]) {
          case "stop" -> {
            return;
          }
          case "stop-node" -> stopNode(nodeIndex(words));
          case "start-node" -> startNode(nodeIndex(words));
          case "status" -> protocol.println(statusLine());
          default -> throw new IllegalArgumentException("unknown command: " + line.trim());
        }
      } catch (Exception e) {
        e.printStackTrace();
        protocol.println(json("ok", false, "command", line.trim(), "error", String.valueOf(e)));
      }
    }
  }

  private int nodeIndex(String[] words) {
    if (words.length != 2) throw new IllegalArgumentException(words[0] + " needs a node index");
    int index = Integer.parseInt(words[1]);
    if (index < 0 || index >= nodes.size()) {
      throw new IllegalArgumentException(
          "no node " + index + " (nodes are 0.." + (nodes.size() - 1) + ")");
    }
    return index;
  }

  private void stopNode(int index) throws Exception {
    var node = nodes.get(index);
    if (node.isRunning()) {
      cluster.stopJettySolrRunner(node);
      cluster.waitForJettyToStop(node);
    }
    protocol.println(json("ok", true, "command", "stop-node", "node", index));
  }

  private void startNode(int index) throws Exception {
    var node = nodes.get(index);
    if (!node.isRunning()) {
      cluster.startJettySolrRunner(node, true);
      cluster.waitForNode(node, 60);
    }
    protocol.println(
        json("ok", true, "command", "start-node", "node", index, "url", baseUrl(node)));
  }

  private synchronized void shutdown(Path toDelete) {
    try {
      cluster.shutdown();
    } catch (Exception e) {
      e.printStackTrace();
    }
    if (toDelete != null) deleteTree(toDelete);
  }

  private String readyLine(long startMs) {
    var zk = cluster.getZkServer();
    return "{\"event\":\"ready\",\"zk_host\":"
        + quote(zk.getZkHost())
        + ",\"zk_address\":"
        + quote(zk.getZkAddress())
        + ",\"nodes\":"
        + urls()
        + ",\"base_dir\":"
        + quote(cluster.getBaseDir().toString())
        + ",\"start_ms\":"
        + startMs
        + "}";
  }

  private String statusLine() {
    StringBuilder running = new StringBuilder("[");
    for (int i = 0; i < nodes.size(); i++) {
      running.append(i == 0 ? "" : ",").append(nodes.get(i).isRunning());
    }
    return "{\"ok\":true,\"command\":\"status\",\"nodes\":"
        + urls()
        + ",\"running\":"
        + running
        + "]}";
  }

  private String urls() {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < nodes.size(); i++) {
      out.append(i == 0 ? "" : ",").append(quote(baseUrl(nodes.get(i))));
    }
    return out.append("]").toString();
  }

  private static String baseUrl(JettySolrRunner node) {
    return node.getBaseUrl().toString();
  }

  /** A flat JSON object from alternating keys and values (strings, numbers, booleans). */
  private static String json(Object... pairs) {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < pairs.length; i += 2) {
      out.append(i == 0 ? "" : ",").append(quote((String) pairs[i])).append(':');
      Object value = pairs[i + 1];
      out.append(value instanceof String s ? quote(s) : String.valueOf(value));
    }
    return out.append('}').toString();
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    return out.append('"').toString();
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }
}
