package app.provisioning.platform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsvCellsTest {

	@Test
	void cellsAreQuotedAndFormulasDefused() {
		assertThat(CsvCells.cell(null)).isEmpty();
		assertThat(CsvCells.cell("plain")).isEqualTo("plain");
		assertThat(CsvCells.cell("a,b")).isEqualTo("\"a,b\"");
		assertThat(CsvCells.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
		assertThat(CsvCells.cell("line\nbreak")).isEqualTo("\"line\nbreak\"");
		assertThat(CsvCells.cell("=SUM(A1)")).isEqualTo("'=SUM(A1)");
		assertThat(CsvCells.cell("@cmd")).isEqualTo("'@cmd");
		assertThat(CsvCells.cell("-1+1")).isEqualTo("'-1+1");
	}

}
