from wagtail import hooks

from .rich_text import register_phone_setting_feature


@hooks.register("register_rich_text_features")
def phone_numbers_from_the_settings(features):
    register_phone_setting_feature(features)
