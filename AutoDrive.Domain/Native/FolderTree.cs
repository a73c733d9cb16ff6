using AutoDrive.Domain.Common;
using AutoDrive.Domain.Content;
using AutoDrive.Domain.Objects;

namespace AutoDrive.Domain.Native;

/// <summary>
/// The tree of a folder upload, as the client declares it before sending the files: folders with ordered children,
/// files known by an id that each file upload of the folder names (its <c>relativeId</c>). The order of children is
/// the order of the folder's links, so it is part of the folder's CID. Checked once, whole: names are CID names
/// without '/', siblings have distinct names, file ids are unique, and every file's path
/// (<c>&lt;folder&gt;/&lt;sub&gt;/&lt;file&gt;</c>, its S3 key in bucket <c>default</c>) is a valid key.
/// </summary>
public sealed class FolderTree
{
    public const int MaxEntries = 10_000;
    public const int MaxDepth = 64;
    public const int MaxIdLength = 4096;

    private readonly Dictionary<string, FolderTreeFile> _filesById;
    private readonly List<FolderTreeFile> _files;

    private FolderTree(FolderTreeNode root, Dictionary<string, FolderTreeFile> filesById, List<FolderTreeFile> files)
    {
        Root = root;
        _filesById = filesById;
        _files = files;
    }

    public FolderTreeNode Root { get; }

    public string Name => Root.Name;

    /// <summary>Every file of the tree, in tree order (depth first, children in order).</summary>
    public IReadOnlyList<FolderTreeFile> Files => _files.AsReadOnly();

    public static FolderTree From(FolderTreeNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.Type != FolderTreeNodeType.Folder)
        {
            throw Invalid("The root of a folder tree is a folder.");
        }

        var filesById = new Dictionary<string, FolderTreeFile>(StringComparer.Ordinal);
        var files = new List<FolderTreeFile>();
        var entries = 0;
        Visit(root, root.Name, 0);
        return new FolderTree(root, filesById, files);

        void Visit(FolderTreeNode node, string path, int depth)
        {
            if (++entries > MaxEntries)
            {
                throw Invalid($"A folder tree has at most {MaxEntries} entries.");
            }

            if (depth > MaxDepth)
            {
                throw Invalid($"A folder tree is at most {MaxDepth} levels deep.");
            }

            CheckName(node.Name);
            if (node.Type == FolderTreeNodeType.File)
            {
                if (string.IsNullOrEmpty(node.Id) || node.Id.Length > MaxIdLength)
                {
                    throw Invalid($"Every file of a folder tree has an id of 1 to {MaxIdLength} characters.");
                }

                if (ObjectKey.Check(path) is { } violation)
                {
                    throw new DomainException(violation.Kind, $"The path \"{path}\" cannot be a key: {violation.Message}");
                }

                var file = new FolderTreeFile(node.Id, node.Name, path);
                if (!filesById.TryAdd(node.Id, file))
                {
                    throw Invalid($"The file id \"{node.Id}\" appears twice in the folder tree.");
                }

                files.Add(file);
                return;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var child in node.Children)
            {
                if (!names.Add(child.Name))
                {
                    throw Invalid($"The folder \"{path}\" has two entries named \"{child.Name}\".");
                }

                Visit(child, path + "/" + child.Name, depth + 1);
            }
        }
    }

    public FolderTreeFile? FindFile(string relativeId) =>
        relativeId is not null && _filesById.TryGetValue(relativeId, out var file) ? file : null;

    private static void CheckName(string? name)
    {
        if (ContentName.Check(name) is { } violation)
        {
            throw violation.ToException();
        }

        if (name!.Contains('/', StringComparison.Ordinal) || name is "." or "..")
        {
            throw Invalid($"The name \"{name}\" is not a valid file or folder name (no '/', not '.' or '..').");
        }

        if (name.Any(char.IsControl))
        {
            throw Invalid("A name must not contain control characters.");
        }
    }

    private static DomainException Invalid(string message) => new(ErrorKind.InvalidArgument, message);
}
