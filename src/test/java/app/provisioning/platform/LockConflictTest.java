package app.provisioning.platform;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.UncategorizedSQLException;

import static org.assertj.core.api.Assertions.assertThat;

class LockConflictTest {

	@Test
	void aDeadlockOrSerializationFailureAnywhereInTheCausesIsALockConflict() {
		assertThat(LockConflict.isCause(new CannotAcquireLockException("lock"))).isTrue();
		assertThat(LockConflict.isCause(new RuntimeException(new SQLException("deadlock detected", "40P01")))).isTrue();
		assertThat(LockConflict.isCause(new UncategorizedSQLException("update", "UPDATE t",
				new SQLException("could not serialize access", "40001"))))
			.isTrue();
	}

	@Test
	void anOutageOrAnErrorWithoutAStateIsNot() {
		assertThat(LockConflict.isCause(new DataAccessResourceFailureException("gone",
				new SQLException("terminating connection due to administrator command", "57P01"))))
			.isFalse();
		// The driver and the pool raise errors without a SQLState during a restart.
		assertThat(LockConflict.isCause(new RuntimeException(new SQLException("Connection is closed")))).isFalse();
		assertThat(LockConflict.isCause(new IllegalStateException("bug"))).isFalse();
	}

}
