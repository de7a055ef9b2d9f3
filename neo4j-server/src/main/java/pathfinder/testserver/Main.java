package pathfinder.testserver;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import picocli.CommandLine;

/**
 * A local Neo4j 5 Community DBMS with Bolt on 127.0.0.1, auth on, for tests and developers.
 *
 * <p>Usage: {@code java -Xmx1g -cp 'target/classes:target/lib/*' pathfinder.testserver.Main [HOME_DIR] [BOLT_PORT]}.
 * HOME_DIR / BOLT_PORT default to $PATHFINDER_NEO4J_DATA / $PATHFINDER_NEO4J_PORT, then ./neo4j-home and 7687.
 * The password of user {@code neo4j} comes only from $PATHFINDER_NEO4J_PASSWORD (never argv).
 * Prints {@code READY bolt://127.0.0.1:PORT} once Bolt accepts connections; SIGTERM shuts down cleanly.
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        String password = System.getenv("PATHFINDER_NEO4J_PASSWORD");
        if (password == null || password.isEmpty()) {
            fail("PATHFINDER_NEO4J_PASSWORD is not set (the password for user neo4j; at least 8 characters)");
        }
        Path home = Path.of(arg(args, 0, "PATHFINDER_NEO4J_DATA", "neo4j-home")).toAbsolutePath();
        int port = Integer.parseInt(arg(args, 1, "PATHFINDER_NEO4J_PORT", "7687"));
        // Neo4j locks a user for 5 s after 3 bad passwords, even for the right one afterwards; tests that
        // check a wrong password would then flake. Off by default on this loopback-only server; set 3 to restore.
        int maxFailed = Integer.parseInt(env("PATHFINDER_NEO4J_AUTH_MAX_FAILED_ATTEMPTS", "0"));
        // The page cache holds the store's files in memory; a large graph wants a large one (Neo4j's
        // server.memory.pagecache.size). Megabytes.
        long pageCacheMb = Long.parseLong(env("PATHFINDER_NEO4J_PAGECACHE_MB", "256"));
        Files.createDirectories(home);

        // A brand-new store: seed the initial password exactly like `neo4j-admin dbms set-initial-password`
        // (writes data/dbms/auth.ini, read once when the system database is created), so Bolt never
        // serves the default neo4j/neo4j. Later starts fall through to ALTER USER below.
        if (!Files.exists(home.resolve("data/databases/system"))) {
            PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
            var ctx = new ExecutionContext(home, home.resolve("conf"), quiet, System.err, new DefaultFileSystemAbstraction());
            // "--" and no @file expansion: the password is data, whatever characters it starts with.
            int rc = new CommandLine(new SetInitialPasswordCommand(ctx)).setExpandAtFiles(false).execute("--", password);
            if (rc != 0) fail("could not set the initial password (too short? the minimum is 8 characters)");
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, maxFailed)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .build();
        Files.deleteIfExists(home.resolve("data/dbms/auth.ini")); // consumed by the system database's creation
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-shutdown"));

        // Make the environment's password the current one (e.g. after it was changed between runs).
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try (var tx = system.beginTx()) {
            tx.execute("ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password)).close();
            tx.commit();
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) { // already the current password
                System.err.println("ERROR: could not set the neo4j password: " + e.getMessage());
                System.exit(2);
            }
        }

        try (Socket s = new Socket()) { // Bolt is started by build(); prove it accepts connections
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        }
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }

    private static String arg(String[] args, int i, String envName, String dflt) {
        return args.length > i && !args[i].isEmpty() ? args[i] : env(envName, dflt);
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? dflt : v;
    }

    private static void fail(String msg) {
        System.err.println("ERROR: " + msg);
        System.exit(2);
    }
}
