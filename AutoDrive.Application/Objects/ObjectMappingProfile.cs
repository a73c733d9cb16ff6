using AutoDrive.Domain.Objects;
using AutoMapper;

namespace AutoDrive.Application.Objects;

/// <summary>Domain → DTO at the Application boundary. Flat types only (see the AutoMapper advisory note).</summary>
public sealed class ObjectMappingProfile : Profile
{
    public ObjectMappingProfile()
    {
        CreateMap<ObjectMapping, ObjectDescription>()
            .ForMember(d => d.LastModified, o => o.MapFrom(s => s.UpdatedAt))
            .ForMember(d => d.Metadata, o => o.MapFrom(s => new Dictionary<string, string>(s.Metadata, StringComparer.Ordinal)));
    }
}
