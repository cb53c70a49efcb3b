package app.provisioning.directory;

import java.time.Clock;

import app.provisioning.platform.SecretCipher;
import app.provisioning.scim.ResourceStore;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class DirectoryConfiguration {

	@Bean
	GroupMemberships groupMemberships(NamedParameterJdbcTemplate jdbc, ApplicationEventPublisher events) {
		return new GroupMemberships(jdbc, events);
	}

	@Bean
	CursorCodec cursorCodec(SecretCipher cipher) {
		return new CursorCodec(cipher);
	}

	@Bean
	ResourceStore userStore(NamedParameterJdbcTemplate jdbc, GroupMemberships memberships, CursorCodec cursors,
			ApplicationEventPublisher events, Clock clock, TransactionTemplate transactions) {
		return new JdbcResourceStore(DirectoryTable.USERS, jdbc, memberships, cursors, events, clock, transactions);
	}

	@Bean
	ResourceStore groupStore(NamedParameterJdbcTemplate jdbc, GroupMemberships memberships, CursorCodec cursors,
			ApplicationEventPublisher events, Clock clock, TransactionTemplate transactions) {
		return new JdbcResourceStore(DirectoryTable.GROUPS, jdbc, memberships, cursors, events, clock, transactions);
	}

}
