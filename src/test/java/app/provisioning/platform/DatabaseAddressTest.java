package app.provisioning.platform;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which database URLs the start-up check may probe over TCP before the pool connects. */
class DatabaseAddressTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "jdbc:postgresql://db.example.com:5432/scim | true",
			"jdbc:postgresql://db1:5432,db2:5433/scim?targetServerType=primary | true",
			"jdbc:postgresql://[::1]:5432/scim | true",
			"jdbc:postgresql:///scim?cloudSqlInstance=p:r:i&socketFactory=com.google.cloud.sql.postgres.SocketFactory | false",
			"jdbc:postgresql://localhost/scim?socketFactory=org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg | false",
			"jdbc:postgresql:scim | false" })
	void onlyUrlsWhoseHostIsWhereTheConnectionGoesAreProbed(String url, boolean probed) {
		assertThat(DatabaseAddress.probeable(url)).isEqualTo(probed);
	}

}
