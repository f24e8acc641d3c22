#pragma once

#include "store/sql/SqlRecordRepository.h"
#include "store/sqlite/SqliteDialect.h"

namespace passway {

// The records on SQLite, listed and counted through the store's read
// connection. A list or a count reads an index or the table whole (a count
// of a filtered list, a deep page): on the one connection it held the lock
// the record writer needs, so an operator paging through a million records,
// or a /metrics scrape, held up every terminal's upload for as long. The read
// connection sees the last commit and waits for nobody; a thread inside a
// transaction of its own still reads through the writer, to see its writes.
class SqliteRecordRepository : public SqlRecordRepository<SqliteDialect> {
public:
    SqliteRecordRepository(SqliteDatabase& db, SqliteDatabase& reader)
        : SqlRecordRepository<SqliteDialect>(db), reader_(reader) {}

protected:
    SqliteDatabase& readsFrom() override { return db_.inTransactionOnThisThread() ? db_ : reader_; }

private:
    SqliteDatabase& reader_;
};

} // namespace passway
