package no.budstikke.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Asks the database one question returning one number at a fixed rate while a load runs (how far a checkpoint
 * trails, how many sessions wait for a lock), on one connection of its own, and hands each answer over.
 */
final class SqlSampler implements AutoCloseable {

    private final Connection connection;
    private final Statement statement;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    SqlSampler(String jdbcUrl, String query, Duration period, LongConsumer answer) throws SQLException {
        connection = DriverManager.getConnection(jdbcUrl);
        statement = connection.createStatement();
        timer.scheduleAtFixedRate(() -> {
            try (ResultSet rs = statement.executeQuery(query)) {
                rs.next();
                answer.accept(rs.getLong(1));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops sampling once the question being asked, if any, is answered. */
    @Override
    public void close() throws SQLException, InterruptedException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        statement.close();
        connection.close();
    }
}
