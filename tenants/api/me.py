from rest_framework import generics, permissions, serializers

from portal.accounts.models import User

from ..scoping import membership_of


class MeSerializer(serializers.ModelSerializer):
    firm_id = serializers.SerializerMethodField()
    firm_role = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "name", "phone", "language", "firm_id", "firm_role"]
        read_only_fields = ["email"]

    def get_firm_id(self, user) -> int | None:
        membership = membership_of(user)
        return membership.firm_id if membership else None

    def get_firm_role(self, user) -> str | None:
        membership = membership_of(user)
        return membership.role if membership else None


class MeView(generics.RetrieveAPIView):
    """The signed-in person, with their firm and role."""

    serializer_class = MeSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self):
        return self.request.user
