package app.provisioning.platform;

import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The development database's pool is sized and timed by the same settings as an external
 * database's, so that what an operator sets (and what the benchmark runs with) is what
 * the server uses.
 */
class EmbeddedDatabasePoolTest {

	@TempDir
	Path data;

	@Test
	void thePoolTakesTheSpringDatasourceSettings() {
		runner()
			.withPropertyValues("spring.datasource.hikari.maximum-pool-size=4",
					"spring.datasource.hikari.connection-timeout=1234")
			.run((context) -> {
				HikariDataSource pool = context.getBean(HikariDataSource.class);
				assertThat(pool.getMaximumPoolSize()).isEqualTo(4);
				assertThat(pool.getConnectionTimeout()).isEqualTo(1234);
				assertThat(pool.getJdbcUrl()).startsWith("jdbc:postgresql://");
			});
	}

	@Test
	void withoutThemThePoolHoldsTwentyConnections() {
		runner()
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(20));
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withUserConfiguration(Properties.class, EmbeddedDatabaseConfiguration.class)
			.withPropertyValues("provisioning.embedded-database.data-directory=" + this.data,
					"provisioning.embedded-database.clean-on-start=true");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(EmbeddedDatabaseProperties.class)
	static class Properties {

	}

}
