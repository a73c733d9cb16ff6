using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutoDrive.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class NativeApi : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_object_mappings_cid",
                table: "object_mappings");

            migrationBuilder.DropIndex(
                name: "ix_content_ownerships_user_id",
                table: "content_ownerships");

            migrationBuilder.AddColumn<long>(
                name: "download_limit",
                table: "users",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "downloaded_bytes",
                table: "users",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "public_id",
                table: "users",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.AddColumn<long>(
                name: "upload_limit",
                table: "users",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "uploaded_bytes",
                table: "users",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "stored_contents",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "File");

            migrationBuilder.AddColumn<string>(
                name: "mime_type",
                table: "stored_contents",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "name",
                table: "stored_contents",
                type: "character varying(1024)",
                maxLength: 1024,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "upload_options",
                table: "stored_contents",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'{}'::jsonb");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "trashed_at",
                table: "object_mappings",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "granted_by",
                table: "content_ownerships",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_root",
                table: "content_ownerships",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "role",
                table: "content_ownerships",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "Admin");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "trashed_at",
                table: "content_ownerships",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "hint",
                table: "api_keys",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "folder_entries",
                columns: table => new
                {
                    folder_cid = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    position = table.Column<int>(type: "integer", nullable: false),
                    child_cid = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    name = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_folder_entries", x => new { x.folder_cid, x.position });
                    table.ForeignKey(
                        name: "fk_folder_entries_stored_contents_child_cid",
                        column: x => x.child_cid,
                        principalTable: "stored_contents",
                        principalColumn: "cid",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_folder_entries_stored_contents_folder_cid",
                        column: x => x.folder_cid,
                        principalTable: "stored_contents",
                        principalColumn: "cid",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "native_uploads",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(43)", maxLength: 43, nullable: false, collation: "C"),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    name = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    mime_type = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    upload_options = table.Column<string>(type: "jsonb", nullable: false),
                    folder_id = table.Column<string>(type: "character varying(43)", maxLength: 43, nullable: true, collation: "C"),
                    relative_id = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: true),
                    file_tree = table.Column<string>(type: "jsonb", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    cid = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    size = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    md5 = table.Column<byte[]>(type: "bytea", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_native_uploads", x => x.id);
                    table.ForeignKey(
                        name: "fk_native_uploads_native_uploads_folder_id",
                        column: x => x.folder_id,
                        principalTable: "native_uploads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_native_uploads_users_owner_id",
                        column: x => x.owner_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "publications",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    cid = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_publications", x => x.id);
                    table.ForeignKey(
                        name: "fk_publications_stored_contents_cid",
                        column: x => x.cid,
                        principalTable: "stored_contents",
                        principalColumn: "cid",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_publications_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "upload_chunks",
                columns: table => new
                {
                    upload_id = table.Column<string>(type: "character varying(43)", maxLength: 43, nullable: false, collation: "C"),
                    index = table.Column<int>(type: "integer", nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    staged_name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    md5 = table.Column<byte[]>(type: "bytea", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_upload_chunks", x => new { x.upload_id, x.index });
                    table.CheckConstraint("ck_upload_chunks_index", "index >= 0 AND index < 100000");
                    table.ForeignKey(
                        name: "fk_upload_chunks_native_uploads_upload_id",
                        column: x => x.upload_id,
                        principalTable: "native_uploads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Rows written before this migration: every user gets a random public id (32 hex characters), and every
            // stored content the name, upload options and MIME type its first S3 key gave it (the key's last segment is the
            // name in its CID; compression/encryption metadata are its upload options).
            migrationBuilder.Sql("UPDATE users SET public_id = md5(random()::text || id::text) WHERE public_id = '';");
            migrationBuilder.Sql(
                """
                UPDATE stored_contents s SET
                    name = regexp_replace(m.key, '^.*/', ''),
                    mime_type = m.content_type,
                    upload_options = jsonb_strip_nulls(jsonb_build_object(
                        'Compression', CASE WHEN upper(trim(m.metadata->>'compression')) = 'ZLIB' THEN jsonb_build_object('Algorithm', 0) END,
                        'Encryption', CASE WHEN upper(trim(m.metadata->>'encryption')) = 'AES_256_GCM' THEN jsonb_build_object('Algorithm', 0) END))
                FROM (SELECT DISTINCT ON (cid) cid, key, content_type, metadata FROM object_mappings ORDER BY cid, created_at) m
                WHERE m.cid = s.cid AND s.name = '';
                """);

            migrationBuilder.CreateIndex(
                name: "ix_users_public_id",
                table: "users",
                column: "public_id",
                unique: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_users_limits",
                table: "users",
                sql: "(upload_limit IS NULL OR upload_limit >= 0) AND (download_limit IS NULL OR download_limit >= 0)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_users_used",
                table: "users",
                sql: "uploaded_bytes >= 0 AND downloaded_bytes >= 0");

            migrationBuilder.CreateIndex(
                name: "ix_object_mappings_cid_owner_id",
                table: "object_mappings",
                columns: new[] { "cid", "owner_id" });

            migrationBuilder.CreateIndex(
                name: "ix_object_mappings_visible_keys",
                table: "object_mappings",
                columns: new[] { "owner_id", "bucket_name", "key" },
                filter: "trashed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_content_ownerships_user_id_created_at",
                table: "content_ownerships",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_folder_entries_child_cid",
                table: "folder_entries",
                column: "child_cid");

            migrationBuilder.CreateIndex(
                name: "ix_native_uploads_folder_id",
                table: "native_uploads",
                column: "folder_id");

            migrationBuilder.CreateIndex(
                name: "ix_native_uploads_owner_id",
                table: "native_uploads",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_native_uploads_status_updated_at",
                table: "native_uploads",
                columns: new[] { "status", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_publications_cid_user_id",
                table: "publications",
                columns: new[] { "cid", "user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_publications_user_id",
                table: "publications",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "folder_entries");

            migrationBuilder.DropTable(
                name: "publications");

            migrationBuilder.DropTable(
                name: "upload_chunks");

            migrationBuilder.DropTable(
                name: "native_uploads");

            migrationBuilder.DropIndex(
                name: "ix_users_public_id",
                table: "users");

            migrationBuilder.DropCheckConstraint(
                name: "ck_users_limits",
                table: "users");

            migrationBuilder.DropCheckConstraint(
                name: "ck_users_used",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_object_mappings_cid_owner_id",
                table: "object_mappings");

            migrationBuilder.DropIndex(
                name: "ix_object_mappings_visible_keys",
                table: "object_mappings");

            migrationBuilder.DropIndex(
                name: "ix_content_ownerships_user_id_created_at",
                table: "content_ownerships");

            migrationBuilder.DropColumn(
                name: "download_limit",
                table: "users");

            migrationBuilder.DropColumn(
                name: "downloaded_bytes",
                table: "users");

            migrationBuilder.DropColumn(
                name: "public_id",
                table: "users");

            migrationBuilder.DropColumn(
                name: "upload_limit",
                table: "users");

            migrationBuilder.DropColumn(
                name: "uploaded_bytes",
                table: "users");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "stored_contents");

            migrationBuilder.DropColumn(
                name: "mime_type",
                table: "stored_contents");

            migrationBuilder.DropColumn(
                name: "name",
                table: "stored_contents");

            migrationBuilder.DropColumn(
                name: "upload_options",
                table: "stored_contents");

            migrationBuilder.DropColumn(
                name: "trashed_at",
                table: "object_mappings");

            migrationBuilder.DropColumn(
                name: "granted_by",
                table: "content_ownerships");

            migrationBuilder.DropColumn(
                name: "is_root",
                table: "content_ownerships");

            migrationBuilder.DropColumn(
                name: "role",
                table: "content_ownerships");

            migrationBuilder.DropColumn(
                name: "trashed_at",
                table: "content_ownerships");

            migrationBuilder.DropColumn(
                name: "hint",
                table: "api_keys");

            migrationBuilder.CreateIndex(
                name: "ix_object_mappings_cid",
                table: "object_mappings",
                column: "cid");

            migrationBuilder.CreateIndex(
                name: "ix_content_ownerships_user_id",
                table: "content_ownerships",
                column: "user_id");
        }
    }
}
