using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutoDrive.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SharedStaging : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Tables that no entity maps (the model does not change): they are read and written by hand-written SQL.
            // staged_part_blocks: the parts of multipart and chunked uploads, staged in blocks of 1 MiB, when gateways
            // share a database but no disk. The bytes are compressed already or about to be hashed, so EXTERNAL keeps
            // them out of line without pglz, which would only spend CPU.
            migrationBuilder.Sql(
                """
                CREATE TABLE staged_part_blocks (
                    upload_id text NOT NULL,
                    staged_name text NOT NULL,
                    seq integer NOT NULL,
                    data bytea NOT NULL,
                    PRIMARY KEY (upload_id, staged_name, seq));
                ALTER TABLE staged_part_blocks ALTER COLUMN data SET STORAGE EXTERNAL;
                """);

            // dsn_folder_nodes: the DAG nodes of folders, kept by the network adapter (the remote stores files only).
            migrationBuilder.Sql(
                """
                CREATE TABLE dsn_folder_nodes (
                    cid text PRIMARY KEY,
                    nodes bytea NOT NULL,
                    node_count integer NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now());
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE dsn_folder_nodes;");
            migrationBuilder.Sql("DROP TABLE staged_part_blocks;");
        }
    }
}
