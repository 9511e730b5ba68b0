#encoding: utf-8

from datakit_framework import DataKitFramework

class Demo(DataKitFramework):
    name = 'Demo'
    interval = 10 # triggered interval seconds.

    # if your datakit ip is 127.0.0.1 and port is 9529, you won't need use this,
    # just comment it.
    # def __init__(self, **kwargs):
    #     super().__init__(ip = '127.0.0.1', port = 9529)

    # metrics, logging, object example.
    def run(self):
        print("Demo")

        measurement = "mydata"
        tags = {"tag1": "val1", "tag2": "val2"}
        fields = {"custom_field1": "val1","custom_field2": 1000}
        kwargs = {"custom_key1":"custom_value1", "custom_key2": "custom_value2", "custom_key3": "custom_value3"}

        # Feed metrics example.
        return self.feed_metric(
            measurement=measurement,
            tags=tags,
            fields=fields,
            **kwargs
            )
