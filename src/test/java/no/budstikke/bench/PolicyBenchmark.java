package no.budstikke.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import no.budstikke.authorization.AuthorizationStore;
import no.budstikke.authorization.BuiltInPolicyDecisionPoint;
import no.budstikke.authorization.DecisionCache;
import no.budstikke.authorization.EventAccess;
import no.budstikke.authorization.Identity;
import no.budstikke.authorization.ReadQuestion;
import no.budstikke.authorization.ResourceRules;
import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * JMH benchmark of the built-in policy decision point against a real (embedded) PostgreSQL: an accountant holds
 * REGNA for 10 000 parties, and 10 000 employees hold UTINN for one large employer, among 200 000 other role
 * assignments; they read events of a resource that REGNA and UTINN give read access to. Measured: a decision the
 * {@link DecisionCache} remembers, and decisions that go straight to {@link BuiltInPolicyDecisionPoint} and so look
 * the roles up in PostgreSQL — permitted, denied, about the crowded employer, and a page of 100 in one query — and,
 * for comparison, a bare round trip to PostgreSQL. Sample-time mode, so JMH prints the percentiles. Run by
 * {@link PolicyBenchmarkLauncher}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class PolicyBenchmark {

    static final String RESOURCE = "urn:altinn:resource:bench-skattemelding";
    static final Identity ACCOUNTANT = new Identity("/organisation/912345678");
    static final int CLIENTS = 10_000;
    /** A large employer: 10 000 people hold a role for it, so "who may see its events" has 10 000 answers. */
    static final String EMPLOYER = "/organisation/970000000";
    static final int EMPLOYEES = 10_000;
    private static final long FIRST_EMPLOYEE = 30_000_000_000L;
    static final int CACHED = 1 << 10;
    static final int PAGE = 100;
    private static final int PAGES = 1 << 8;
    private static final long FIRST_CLIENT = 800_000_000L;
    // Parties of the noise population (see load()) that the accountant holds nothing for.
    private static final long FIRST_STRANGER = 800_100_000L;

    private EmbeddedPostgres postgres;
    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private BuiltInPolicyDecisionPoint engine;
    private DecisionCache cache;
    private EventAccess[] clients;
    private EventAccess[] strangers;
    private EventAccess employerEvent;
    private Identity[] employees;
    private Identity[] outsiders;
    private List<List<ReadQuestion>> pages;

    /** Where each benchmark thread is in the warmed set, and its own random choice of party. */
    @State(Scope.Thread)
    public static class Cursor {
        final SplittableRandom random = new SplittableRandom(7);
        int next;
    }

    @Setup
    public void start() throws IOException {
        // Without a configuration file logback logs everything at DEBUG; the pool and the database are not measured.
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        postgres = EmbeddedPostgres.builder().start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(2);
        config.setPoolName("policy-bench");
        dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

        jdbc = new JdbcTemplate(dataSource);
        AuthorizationStore store = new AuthorizationStore(jdbc);
        store.putResource(new ResourceRules(RESOURCE, "/org/skatteetaten", Set.of(), Set.of("DAGL", "REGNA", "UTINN"), Set.of()));
        long rows = load(jdbc);
        engine = new BuiltInPolicyDecisionPoint(store);
        engine.replace(store.snapshot());
        cache = new DecisionCache(engine, Duration.ofMinutes(10), 200_000);

        clients = new EventAccess[CLIENTS];
        strangers = new EventAccess[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            clients[i] = new EventAccess(RESOURCE, "/organisation/" + (FIRST_CLIENT + i), null);
            strangers[i] = new EventAccess(RESOURCE, "/organisation/" + (FIRST_STRANGER + i), null);
        }
        employerEvent = new EventAccess(RESOURCE, EMPLOYER, null);
        employees = new Identity[EMPLOYEES];
        outsiders = new Identity[EMPLOYEES];
        for (int i = 0; i < EMPLOYEES; i++) {
            employees[i] = new Identity("/person/" + (FIRST_EMPLOYEE + i));
            // People of the noise population: they hold roles, just none for the employer.
            outsiders[i] = new Identity("/person/" + (20_000_000_000L + i));
        }
        SplittableRandom random = new SplittableRandom(11);
        pages = new ArrayList<>(PAGES);
        for (int p = 0; p < PAGES; p++) {
            // 100 different parties per page, as a query page about many subjects would have.
            int first = random.nextInt(CLIENTS);
            int stride = 1 + random.nextInt(CLIENTS / PAGE - 1);
            List<ReadQuestion> page = new ArrayList<>(PAGE);
            for (int i = 0; i < PAGE; i++) {
                page.add(new ReadQuestion(ACCOUNTANT, clients[(first + i * stride) % CLIENTS]));
            }
            pages.add(List.copyOf(page));
        }
        for (int i = 0; i < CACHED; i++) {
            cache.mayRead(ACCOUNTANT, clients[i]);
        }
        check(rows);
    }

    /**
     * The accountant's 10 000 clients, and 200 000 assignments of others: 15 000 people with 10 parties each and 10
     * more accounting firms with 5 000 clients each, spread over the same range of parties so that the index on
     * party is not trivially selective either; and the employer's 10 000 employees.
     */
    private static long load(JdbcTemplate jdbc) {
        jdbc.update("INSERT INTO authz_role_assignment (holder, party, role) "
                + "SELECT ?, '/organisation/' || (? + g), 'REGNA' FROM generate_series(0, ? - 1) g",
                ACCOUNTANT.value(), FIRST_CLIENT, CLIENTS);
        // (g * 7919) mod 200003 (a prime) is one-to-one for g < 200003: no duplicate (holder, party, role).
        jdbc.update("INSERT INTO authz_role_assignment (holder, party, role) "
                + "SELECT '/person/' || (20000000000 + g / 10), '/organisation/' || (800000000 + (g * 7919) % 200003), "
                + "(ARRAY['DAGL', 'PRIV', 'REGNA', 'ACCOUNTANT'])[1 + g % 4] FROM generate_series(0, 149999) g");
        jdbc.update("INSERT INTO authz_role_assignment (holder, party, role) "
                + "SELECT '/organisation/91000000' || (g / 5000), "
                + "'/organisation/' || (800000000 + ((g % 5000) * 37 + (g / 5000) * 20011) % 200003), 'REGNA' "
                + "FROM generate_series(0, 49999) g");
        jdbc.update("INSERT INTO authz_role_assignment (holder, party, role) "
                + "SELECT '/person/' || (? + g), ?, 'UTINN' FROM generate_series(0, ? - 1) g",
                FIRST_EMPLOYEE, EMPLOYER, EMPLOYEES);
        // Autovacuum would analyze the table soon after; the planner needs the statistics to pick the index.
        jdbc.execute("VACUUM ANALYZE authz_role_assignment");
        return jdbc.queryForObject("SELECT count(*) FROM authz_role_assignment", Long.class);
    }

    /** Fails the run when the set-up does not decide as intended, so that nothing wrong gets measured. */
    private void check(long rows) {
        if (!engine.mayRead(ACCOUNTANT, clients[CLIENTS - 1]) || engine.mayRead(ACCOUNTANT, strangers[0])
                || !cache.mayRead(ACCOUNTANT, clients[0]) || !engine.mayRead(employees[EMPLOYEES - 1], employerEvent)
                || engine.mayRead(outsiders[0], employerEvent)) {
            throw new IllegalStateException("the benchmark's policy does not decide as intended");
        }
        for (boolean permitted : engine.mayRead(pages.get(0))) {
            if (!permitted) {
                throw new IllegalStateException("a page question was denied");
            }
        }
        System.out.printf("%n%,d role assignments, %,d decisions cached%n", rows, cache.size());
        explain(employees[0].value(), "permit");
        explain(outsiders[0].value(), "deny");
    }

    /**
     * Prints the plan PostgreSQL runs for the crowded party's look-up once the statement is prepared (the pool's
     * driver switches to a server-side prepared statement after five executions, and PostgreSQL may then keep a
     * generic plan that knows nothing of the party), so that the figures can be read against it.
     */
    private void explain(String holder, String outcome) {
        String sql = "SELECT a.holder, a.party, a.role FROM authz_role_assignment a "
                + "JOIN unnest($1::text[], $2::text[]) AS q(holder, party) ON a.holder = q.holder AND a.party = q.party";
        String arguments = "(ARRAY['" + holder + "'], ARRAY['" + EMPLOYER + "'])";
        jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Void>) connection -> {
            try (var statement = connection.createStatement()) {
                statement.execute("PREPARE crowded AS " + sql);
                for (int i = 0; i < 6; i++) {
                    statement.execute("EXECUTE crowded" + arguments);
                }
                StringBuilder plan = new StringBuilder();
                try (var rs = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS) EXECUTE crowded" + arguments)) {
                    while (rs.next()) {
                        plan.append("  ").append(rs.getString(1)).append('\n');
                    }
                }
                statement.execute("DEALLOCATE crowded");
                System.out.printf("Plan of the crowded party's look-up (%s):%n%s", outcome, plan);
            }
            return null;
        });
    }

    @TearDown
    public void stop() throws IOException {
        if (dataSource != null) {
            dataSource.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** Not a decision: one prepared statement's round trip through the same pool, what any lookup costs at least. */
    @Benchmark
    public Integer roundTripBaseline(Cursor cursor) {
        return jdbc.queryForObject("SELECT ?::int", Integer.class, cursor.next++);
    }

    @Benchmark
    public boolean cachedDecision(Cursor cursor) {
        return cache.mayRead(ACCOUNTANT, clients[cursor.next++ & (CACHED - 1)]);
    }

    @Benchmark
    public boolean uncachedRoleDecision(Cursor cursor) {
        return engine.mayRead(ACCOUNTANT, clients[cursor.random.nextInt(CLIENTS)]);
    }

    @Benchmark
    public boolean uncachedDeniedDecision(Cursor cursor) {
        return engine.mayRead(ACCOUNTANT, strangers[cursor.random.nextInt(CLIENTS)]);
    }

    /** One of 10 000 holders of a role for the same party asks about that party's event (permit). */
    @Benchmark
    public boolean uncachedCrowdedPartyDecision(Cursor cursor) {
        return engine.mayRead(employees[cursor.random.nextInt(EMPLOYEES)], employerEvent);
    }

    /** Someone who holds roles, but none for the crowded party, asks about its event (deny). */
    @Benchmark
    public boolean uncachedCrowdedPartyDenied(Cursor cursor) {
        return engine.mayRead(outsiders[cursor.random.nextInt(EMPLOYEES)], employerEvent);
    }

    @Benchmark
    public boolean[] uncachedPageOf100(Cursor cursor) {
        return engine.mayRead(pages.get(cursor.next++ & (PAGES - 1)));
    }
}
